//! Which CSV column feeds which field: presets for CRM report exports, an automatic match on
//! header names, and explicit `csvcol=field` pairs.

use std::collections::HashMap;

/// What a CSV file holds; each kind has its own fields and checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Opportunities from a CRM: account, amount, stage, dates, outcome.
    Deals,
    /// Partner companies for the roster.
    Partners,
    /// People at partners, each tied to a partner already in the workspace.
    Contacts,
}

impl Kind {
    /// Reads the kind a person names (`deals`, `partners`, `contacts`).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "deals" => Some(Self::Deals),
            "partners" => Some(Self::Partners),
            "contacts" => Some(Self::Contacts),
            _ => None,
        }
    }

    /// The fields a column can be mapped to, listed on screen and in mapping errors.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Self::Deals => &[
                "id",
                "name",
                "account",
                "partner",
                "source",
                "amount",
                "currency",
                "product",
                "stage",
                "created",
                "expected_close",
                "outcome",
                "closed",
                "owner",
            ],
            Self::Partners => &["id", "name", "type", "status", "owner", "region", "signed"],
            Self::Contacts => &["id", "partner", "name", "role", "email"],
        }
    }
}

/// Header names each field is known by, in CRM exports and in this app's own CSV.
fn aliases(kind: Kind, preset: Option<&str>) -> Vec<(&'static str, &'static [&'static str])> {
    match (kind, preset) {
        (Kind::Deals, Some("salesforce")) => vec![
            ("id", &["opportunity id"]),
            ("name", &["opportunity name"]),
            ("account", &["account name"]),
            ("partner", &["partner account", "primary partner"]),
            ("source", &["partner source", "lead source"]),
            ("amount", &["amount"]),
            ("currency", &["amount currency", "opportunity currency"]),
            ("stage", &["stage"]),
            ("created", &["created date"]),
            ("expected_close", &["close date"]),
            ("owner", &["opportunity owner"]),
        ],
        (Kind::Deals, Some("hubspot")) => vec![
            ("id", &["record id"]),
            ("name", &["deal name"]),
            ("account", &["associated company", "company name"]),
            ("partner", &["partner", "partner name"]),
            ("source", &["deal source", "partner source"]),
            ("amount", &["amount"]),
            ("currency", &["currency"]),
            ("stage", &["deal stage"]),
            ("created", &["create date"]),
            ("expected_close", &["close date"]),
            ("owner", &["deal owner"]),
        ],
        (Kind::Deals, _) => vec![
            (
                "id",
                &[
                    "id",
                    "external id",
                    "deal id",
                    "deal_id",
                    "opportunity id",
                    "opportunity_id",
                ],
            ),
            ("name", &["name", "deal name", "opportunity name"]),
            ("account", &["account", "account name", "company"]),
            (
                "partner",
                &["partner", "partner of record", "partner account"],
            ),
            ("source", &["source"]),
            ("amount", &["amount", "value", "close_value", "close value"]),
            ("currency", &["currency"]),
            ("product", &["product", "product name"]),
            ("stage", &["stage", "deal stage", "deal_stage"]),
            (
                "created",
                &[
                    "created",
                    "created date",
                    "created on",
                    "create date",
                    "engage_date",
                    "engage date",
                ],
            ),
            (
                "expected_close",
                &["expected close", "expected_close", "close date"],
            ),
            ("outcome", &["outcome", "status"]),
            (
                "closed",
                &["closed", "closed on", "closed date", "close_date"],
            ),
            (
                "owner",
                &["owner", "deal owner", "sales_agent", "sales agent"],
            ),
        ],
        (Kind::Partners, _) => vec![
            ("id", &["id", "external id", "account id", "record id"]),
            (
                "name",
                &[
                    "name",
                    "partner",
                    "partner name",
                    "account name",
                    "company name",
                ],
            ),
            ("type", &["type", "partner type"]),
            ("status", &["status"]),
            ("owner", &["owner", "partner manager", "account owner"]),
            ("region", &["region", "territory"]),
            (
                "signed",
                &["signed", "signed on", "signed date", "partner since"],
            ),
        ],
        (Kind::Contacts, _) => vec![
            ("id", &["id", "external id", "contact id", "record id"]),
            (
                "partner",
                &["partner", "account name", "company name", "partner name"],
            ),
            ("name", &["name", "full name", "contact name"]),
            ("role", &["role", "title", "job title"]),
            ("email", &["email", "e-mail", "email address"]),
        ],
    }
}

/// Why the columns asked for cannot be mapped onto this file.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    /// Only the CRM exports the importer knows have a preset.
    #[error("Unknown preset “{0}”: use salesforce or hubspot.")]
    UnknownPreset(String),
    /// An explicit pair names a field this kind of row does not have.
    #[error("“{field}” is not a field; the fields are {}.", kind.fields().join(", "))]
    UnknownField {
        /// The field as the person typed it.
        field: String,
        /// What was being imported, whose fields the message lists.
        kind: Kind,
    },
    /// An explicit pair names a column the file's header line does not hold.
    #[error("The file has no column “{0}”.")]
    NoSuchColumn(String),
}

/// Field → column index. Explicit pairs win over the preset, the preset over plain names.
pub(crate) fn resolve(
    kind: Kind,
    headers: &[String],
    preset: Option<&str>,
    explicit: &[(String, String)],
) -> Result<HashMap<&'static str, usize>, MappingError> {
    if let Some(p) = preset {
        if !["salesforce", "hubspot"].contains(&p) {
            return Err(MappingError::UnknownPreset(p.to_string()));
        }
    }
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
    };
    let mut map = HashMap::new();
    for (field, names) in aliases(kind, preset).into_iter().chain(aliases(kind, None)) {
        if map.contains_key(field) {
            continue;
        }
        if let Some(i) = names.iter().find_map(|n| find(n)) {
            map.insert(field, i);
        }
    }
    for (column, field) in explicit {
        let field = kind
            .fields()
            .iter()
            .find(|f| f.eq_ignore_ascii_case(field.trim()))
            .ok_or_else(|| MappingError::UnknownField {
                field: field.clone(),
                kind,
            })?;
        let i = find(column).ok_or_else(|| MappingError::NoSuchColumn(column.clone()))?;
        map.insert(field, i);
    }
    Ok(map)
}

/// Parses `a=b,c=d` into pairs.
pub fn parse_pairs(text: &str) -> Result<Vec<(String, String)>, String> {
    text.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (a, b) = p
                .split_once('=')
                .ok_or_else(|| format!("“{p}” should read name=value"))?;
            Ok((a.trim().to_string(), b.trim().to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn presets_automatic_names_and_explicit_pairs() {
        let sf = h(&[
            "Opportunity ID",
            "Account Name",
            "Amount",
            "Stage",
            "Created Date",
            "Close Date",
            "Partner Account",
        ]);
        let m = resolve(Kind::Deals, &sf, Some("salesforce"), &[]).unwrap();
        assert_eq!(
            (m["id"], m["account"], m["expected_close"], m["partner"]),
            (0, 1, 5, 6)
        );
        let plain = h(&["account", "amount", "created", "Deal Ref"]);
        let m = resolve(
            Kind::Deals,
            &plain,
            None,
            &parse_pairs("Deal Ref=id").unwrap(),
        )
        .unwrap();
        assert_eq!(m["id"], 3);
        assert!(resolve(Kind::Deals, &plain, None, &parse_pairs("Nope=id").unwrap()).is_err());
        assert!(resolve(
            Kind::Deals,
            &plain,
            None,
            &parse_pairs("amount=price").unwrap()
        )
        .is_err());
        assert!(resolve(Kind::Deals, &plain, Some("pipedrive"), &[]).is_err());

        // A CRM pipeline export maps with no explicit pairs, in both spellings seen.
        for header in [
            "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value",
            "deal_id,owner,product,account,stage,engage_date,close_date,close_value",
        ] {
            let names: Vec<String> = header.split(',').map(String::from).collect();
            let m = resolve(Kind::Deals, &names, None, &[]).unwrap();
            let got: Vec<usize> = [
                "id", "owner", "product", "account", "stage", "created", "closed", "amount",
            ]
            .iter()
            .map(|f| m[f])
            .collect();
            assert_eq!(got, (0..8).collect::<Vec<_>>(), "{header}");
            assert!(!m.contains_key("expected_close"), "close_date is the closed date");
        }
        assert!(parse_pairs("a=b,c").is_err());
    }
}
