//! Word lists the demo draws names, notes and owners from, so partners, contacts and accounts
//! read like real ones without naming any real company or person.

pub(super) const NAME_HEADS: [&str; 24] = [
    "Apex",
    "Bluefin",
    "Cedar",
    "Driftwood",
    "Ember",
    "Fjord",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Northgate",
    "Oakline",
    "Pioneer",
    "Quarry",
    "Redwood",
    "Summit",
    "Tidewater",
    "Upland",
    "Vantage",
    "Willow",
    "Zenith",
];
pub(super) const NAME_TAILS: [&str; 12] = [
    "Consulting",
    "Systems",
    "Partners",
    "Labs",
    "Digital",
    "Group",
    "Solutions",
    "Analytics",
    "Advisory",
    "Software",
    "Data",
    "Works",
];
pub(super) const ACCOUNT_HEADS: [&str; 20] = [
    "Alder",
    "Brightwater",
    "Copperleaf",
    "Dunmore",
    "Eastbrook",
    "Foxglove",
    "Greystone",
    "Hollis",
    "Ironbridge",
    "Kingsley",
    "Larkspur",
    "Millbrook",
    "Norwood",
    "Orchard",
    "Pemberton",
    "Ravenwood",
    "Silverton",
    "Thornbury",
    "Westfield",
    "Yarrow",
];
pub(super) const ACCOUNT_TAILS: [&str; 10] = [
    "Foods",
    "Health",
    "Logistics",
    "Bank",
    "Retail",
    "Energy",
    "Insurance",
    "Manufacturing",
    "Media",
    "Travel",
];
pub(super) const FIRST_NAMES: [&str; 16] = [
    "Alex", "Sam", "Jordan", "Riley", "Casey", "Morgan", "Avery", "Quinn", "Elena", "Marco",
    "Hana", "Omar", "Lena", "Kofi", "Sofia", "Ravi",
];
pub(super) const LAST_NAMES: [&str; 16] = [
    "Nguyen", "Schmidt", "Okoro", "Rossi", "Tanaka", "Silva", "Kowalski", "Haddad", "Larsen",
    "Moreau", "Patel", "Garcia", "Novak", "Byrne", "Ito", "Mensah",
];
pub(super) const REGIONS: [&str; 4] = ["North America", "EMEA", "APAC", "LATAM"];
pub(super) const CONTACT_ROLES: [&str; 3] = ["Partner rep", "Sales lead", "Alliance manager"];
pub(super) const CHANNELS: [&str; 4] = ["call", "email", "meeting", "message"];
pub(super) const TOUCH_NOTES: [&str; 4] = [
    "Shared two target accounts from the overlap list",
    "Reviewed the open joint deal and next step",
    "Sent the new pricing brief with a customer example",
    "Agreed the account plan for next month",
];
pub(super) const REVIEW_NOTES: [&str; 3] = [
    "Certified reps in place; motion agreed",
    "Reps stretched across vendors this quarter",
    "No deals worked in 60 days",
];
pub(super) const SALES_OWNERS: [&str; 6] = [
    "Dana Whitfield",
    "Luis Romero",
    "Grace Holm",
    "Ahmed Karimi",
    "Nora Blake",
    "Ivan Petrov",
];

pub(super) fn unique_name(heads: &[&str], tails: &[&str], i: usize) -> String {
    let combos = heads.len() * tails.len();
    // A stride coprime with the combination count walks every pair once before repeating.
    let k = (i * 7 + 3) % combos;
    let base = format!("{} {}", heads[k % heads.len()], tails[k / heads.len()]);
    if i < combos {
        base
    } else {
        format!("{base} {}", i / combos + 1)
    }
}
