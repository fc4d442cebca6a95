use super::*;

#[test]
fn compact_money_is_short() {
    assert_eq!(compact_money(1_234_567.0), "$1.2M");
    assert_eq!(compact_money(350_000.0), "$350K");
    assert_eq!(compact_money(1_500.0), "$1.5K");
    assert_eq!(compact_money(950.0), "$950");
    assert_eq!(compact_money(0.0), "$0");
    assert_eq!(compact_money(12_300_000.0), "$12M");
    assert_eq!(compact_money(999_999.0), "$1M");
    assert_eq!(compact_money(2_000_000.0), "$2M");
    assert_eq!(compact_money(3_400_000_000.0), "$3.4B");
    assert_eq!(compact_money(-250_000.0), "-$250K");
    assert_eq!(compact_money(f64::NAN), "—");
}

#[test]
fn percent_is_whole() {
    assert_eq!(percent(0.342), "34%");
    assert_eq!(percent(1.0), "100%");
    assert_eq!(percent(0.0), "0%");
    assert_eq!(percent(0.001), "<1%");
    assert_eq!(percent(f64::INFINITY), "—");
}

#[test]
fn counts_have_separators() {
    assert_eq!(count(1234.0), "1,234");
    assert_eq!(count(1_234_567.0), "1,234,567");
    assert_eq!(count(12.0), "12");
    assert_eq!(count(0.0), "0");
    assert_eq!(count(-1234.0), "-1,234");
    assert_eq!(count(1234.4), "1,234");
    assert_eq!(count(-0.5), "-1");
    assert_eq!(count(f64::NAN), "—");
    assert_eq!(hours(400.0), "400 h");
    assert_eq!(hours(2.5), "3 h");
    assert_eq!(hours(1234.0), "1,234 h");
}

#[test]
fn thousands_are_grouped() {
    assert_eq!(thousands(10_000), "10,000");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(1_234_567), "1,234,567");
}

#[test]
fn whole_figures_keep_what_they_are_given() {
    assert_eq!(whole(1234.0), "1,234");
    assert_eq!(whole(1_500_000.0), "1,500,000");
    assert_eq!(whole(0.0), "0");
    assert_eq!(whole(-1234.0), "-1,234");
    assert_eq!(whole(2.4), "2");
    // Where `whole` and `count` part ways.
    assert_eq!(whole(-0.5), "1");
    assert_eq!(whole(f64::NAN), "NaN");
    assert_eq!(whole(f64::INFINITY), "inf");
}

#[test]
fn decimals_show_a_tenth_only_when_there_is_one() {
    assert_eq!(decimal(2.5), "2.5");
    assert_eq!(decimal(12.0), "12");
    assert_eq!(decimal(1200.0), "1,200");
    assert_eq!(decimal(1234.56), "1234.6");
    assert_eq!(decimal_ungrouped(2.5), "2.5");
    assert_eq!(decimal_ungrouped(12.0), "12");
    assert_eq!(decimal_ungrouped(1200.0), "1200");
    assert_eq!(decimal_ungrouped(0.0), "0");
    assert_eq!(hours_to_tenth(2.5), "2.5 h");
    assert_eq!(hours_to_tenth(40.0), "40 h");
    assert_eq!(hours_to_tenth(1200.0), "1,200 h");
}

#[test]
fn money_speaks_the_workspace_currency() {
    assert_eq!(money(1_500_000.0, "USD"), "$1,500,000");
    assert_eq!(money(2_500.0, "EUR"), "€2,500");
    assert_eq!(money(80.0, "GBP"), "£80");
    assert_eq!(money(2_500.0, "CHF"), "2,500 CHF");
    assert_eq!(money(999.6, "USD"), "$1,000");
}
