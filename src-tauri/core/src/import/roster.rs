//! Partner and contact rows: from mapped CSV fields to checked records, or a reason per row.

use super::created::NameList;
use super::decode::{owned, Row};
use super::values::{parse_date, DayOrder};
use super::{Decoded, Rejected};
use crate::domain::records::{parse_status, ContactImport, NewNames, PartnerImport};
use csv::StringRecord;
use std::collections::HashMap;

/// The names a row may refer to, and those the import creates because the workspace lacks
/// them (none when `strict`).
pub(crate) struct Names {
    pub types: NameList,
    pub members: NameList,
    pub partners: NameList,
    /// Strict matching: a name the workspace lacks refuses the row instead.
    pub strict: bool,
}

impl Names {
    /// What the import creates, list by list.
    pub fn into_new(self) -> NewNames {
        NewNames {
            partners: self.partners.into_new(),
            types: self.types.into_new(),
            members: self.members.into_new(),
        }
    }
}

/// A name a row refers to: known (or already queued), to be created once the row is good, or
/// refused under strict matching.
enum Reference {
    Found(i64),
    ToCreate,
}

fn refer(
    list: &NameList,
    name: &str,
    strict: bool,
    refused: impl FnOnce() -> (String, String),
) -> Result<Reference, (String, String)> {
    match list.find(name) {
        Some(id) => Ok(Reference::Found(id)),
        None if strict => Err(refused()),
        None => Ok(Reference::ToCreate),
    }
}

/// The id of a reference, creating the name now that the row is good.
fn settle(list: &mut NameList, reference: Reference, name: &str) -> i64 {
    match reference {
        Reference::Found(id) => id,
        Reference::ToCreate => list.create(name),
    }
}

type Field<'a> = dyn Fn(&StringRecord, &str) -> String + 'a;

fn walk<T>(
    decoded: &Decoded,
    map: &HashMap<&'static str, usize>,
    required: &[&str],
    mut check: impl FnMut(
        usize,
        &StringRecord,
        &Field<'_>,
        &dyn Fn(&str) -> String,
    ) -> Result<T, (String, String)>,
) -> (Vec<T>, Vec<Rejected>) {
    let mut rejected = match super::start(decoded, map, required) {
        Ok(r) => r,
        Err(r) => return (Vec::new(), r),
    };
    let column = |row: &StringRecord, field: &str| -> String {
        map.get(field)
            .and_then(|&i| row.get(i))
            .map(|s| super::decode::trimmed(s).to_string())
            .unwrap_or_default()
    };
    let header = |field: &str| -> String {
        map.get(field)
            .and_then(|&i| decoded.headers.get(i))
            .cloned()
            .unwrap_or_else(|| field.to_string())
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut accepted = Vec::new();
    let mut rows = decoded.rows();
    while let Some(row) = rows.next() {
        let (line, row) = match row {
            Row::Good(line, row) => (line, row),
            Row::Broken(r) => {
                rejected.push(r);
                continue;
            }
        };
        let id = column(row, "id");
        if !id.is_empty() {
            if let Some(first) = seen.get(&id) {
                rejected.push(Rejected {
                    line,
                    column: header("id"),
                    reason: format!("duplicate id “{id}” (first on line {first})"),
                    fields: owned(row),
                });
                continue;
            }
        }
        match check(line, row, &column, &header) {
            Ok(record) => {
                if !id.is_empty() {
                    seen.insert(id, line);
                }
                accepted.push(record);
            }
            Err((column, reason)) => rejected.push(Rejected {
                line,
                column,
                reason,
                fields: owned(row),
            }),
        }
    }
    (accepted, rejected)
}

pub(crate) fn partners(
    decoded: &Decoded,
    map: &HashMap<&'static str, usize>,
    names: &mut Names,
) -> (Vec<PartnerImport>, Vec<Rejected>) {
    let strict = names.strict;
    walk(decoded, map, &["name"], |line, row, column, header| {
        let name = column(row, "name");
        if name.is_empty() || name.chars().count() > 120 {
            return Err((
                header("name"),
                "a partner needs a name of 1 to 120 characters".into(),
            ));
        }
        let type_name = column(row, "type");
        let kind = if type_name.is_empty() {
            None
        } else if type_name.chars().count() > 80 {
            return Err((
                header("type"),
                "a partner type's name is at most 80 characters".into(),
            ));
        } else {
            Some(refer(&names.types, &type_name, strict, || {
                (
                    header("type"),
                    format!("unknown partner type “{type_name}”: add it under Program first, or import without strict matching to create it"),
                )
            })?)
        };
        let raw_status = column(row, "status");
        let status = parse_status(&raw_status).ok_or_else(|| {
            (
                header("status"),
                format!(
                    "unknown status “{raw_status}”: use prospect, active, nurture or off-boarded"
                ),
            )
        })?;
        let owner = column(row, "owner");
        let owner_ref = if owner.is_empty() {
            None
        } else if owner.chars().count() > 80 {
            return Err((
                header("owner"),
                "an owner's name is at most 80 characters".into(),
            ));
        } else {
            Some(refer(&names.members, &owner, strict, || {
                (
                    header("owner"),
                    format!("“{owner}” is not on the team: add them under Program first, or import without strict matching to add them"),
                )
            })?)
        };
        let signed_raw = column(row, "signed");
        let signed_on = if signed_raw.is_empty() {
            None
        } else {
            Some(parse_date(&signed_raw, DayOrder::Unknown).map_err(|e| (header("signed"), e))?)
        };
        let type_id = kind.map(|k| settle(&mut names.types, k, &type_name));
        let owner_id = owner_ref.map(|o| settle(&mut names.members, o, &owner));
        Ok(PartnerImport {
            line,
            external_id: Some(column(row, "id")).filter(|s| !s.is_empty()),
            name,
            type_id,
            status: status.into(),
            owner_id,
            region: column(row, "region"),
            signed_on,
        })
    })
}

pub(crate) fn contacts(
    decoded: &Decoded,
    map: &HashMap<&'static str, usize>,
    names: &mut Names,
) -> (Vec<ContactImport>, Vec<Rejected>) {
    let strict = names.strict;
    walk(
        decoded,
        map,
        &["partner", "name"],
        |line, row, column, header| {
            let partner = column(row, "partner");
            if partner.is_empty() || partner.chars().count() > 120 {
                return Err((
                    header("partner"),
                    "a contact needs the name of their partner (1 to 120 characters)".into(),
                ));
            }
            let partner_ref = refer(&names.partners, &partner, strict, || {
                (
                    header("partner"),
                    format!("unknown partner “{partner}”: add it to the roster first (import partners), or import without strict matching to create it as a prospect"),
                )
            })?;
            let name = column(row, "name");
            if name.is_empty() || name.chars().count() > 120 {
                return Err((
                    header("name"),
                    "a contact needs a name of 1 to 120 characters".into(),
                ));
            }
            let email = column(row, "email");
            if !email.is_empty() && !email.contains('@') {
                return Err((
                    header("email"),
                    format!("“{email}” is not an e-mail address"),
                ));
            }
            Ok(ContactImport {
                line,
                external_id: Some(column(row, "id")).filter(|s| !s.is_empty()),
                partner_id: settle(&mut names.partners, partner_ref, &partner),
                name,
                role: column(row, "role"),
                email,
            })
        },
    )
}
