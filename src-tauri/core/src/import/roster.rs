//! Partner and contact rows: from mapped CSV fields to checked records, or a reason per row.

use super::decode::{owned, Row};
use super::{Decoded, Rejected};
use crate::domain::records::{parse_status, ContactImport, PartnerImport};
use csv::StringRecord;
use std::collections::HashMap;

/// Lower-cased names → ids, for resolving what a row refers to.
pub(crate) struct Names {
    pub types: HashMap<String, i64>,
    pub members: HashMap<String, i64>,
    pub partners: HashMap<String, i64>,
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
            .map(|s| s.trim().to_string())
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
    names: &Names,
) -> (Vec<PartnerImport>, Vec<Rejected>) {
    walk(
        decoded,
        map,
        &["name", "type"],
        |line, row, column, header| {
            let name = column(row, "name");
            if name.is_empty() || name.chars().count() > 120 {
                return Err((
                    header("name"),
                    "a partner needs a name of 1 to 120 characters".into(),
                ));
            }
            let type_name = column(row, "type");
            let type_id = *names.types.get(&type_name.to_lowercase()).ok_or_else(|| {
                (
                    header("type"),
                    format!("unknown partner type “{type_name}”"),
                )
            })?;
            let raw_status = column(row, "status");
            let status = parse_status(&raw_status).ok_or_else(|| (header("status"), format!("unknown status “{raw_status}”: use prospect, active, nurture or off-boarded")))?;
            let owner = column(row, "owner");
            let owner_id =
                if owner.is_empty() {
                    None
                } else {
                    Some(*names.members.get(&owner.to_lowercase()).ok_or_else(|| {
                        (header("owner"), format!("“{owner}” is not on the team"))
                    })?)
                };
            let region = column(row, "region");
            Ok(PartnerImport {
                line,
                external_id: Some(column(row, "id")).filter(|s| !s.is_empty()),
                name,
                type_id,
                status: status.into(),
                owner_id,
                region,
            })
        },
    )
}

pub(crate) fn contacts(
    decoded: &Decoded,
    map: &HashMap<&'static str, usize>,
    names: &Names,
) -> (Vec<ContactImport>, Vec<Rejected>) {
    walk(
        decoded,
        map,
        &["partner", "name"],
        |line, row, column, header| {
            let partner = column(row, "partner");
            let partner_id = *names
                .partners
                .get(&partner.to_lowercase())
                .ok_or_else(|| (header("partner"), format!("unknown partner “{partner}”")))?;
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
                partner_id,
                name,
                role: column(row, "role"),
                email,
            })
        },
    )
}
