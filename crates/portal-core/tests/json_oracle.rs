//! The app's JSON reader (`portal_core::json`) against serde_json as the oracle:
//! - every API type, generated at random, written by serde_json and read back by ours
//!   gives the same value;
//! - any text, valid or not: ours accepts exactly what serde_json accepts (as a value
//!   nobody reads), and an API type reads the same value or both refuse;
//! - a list of valid and invalid inputs in the manner of JSONTestSuite (written here).
//!
//! The seed is fixed (CI runs the same cases every time): see `portal_core::arbitrary::config`.

use portal_core::api::*;
use portal_core::arbitrary::*;
use portal_core::json;
use proptest::prelude::*;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;

/// Written compact and pretty by serde_json, read back by ours: the same value.
fn round_trips<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    for written in [
        serde_json::to_string(value).unwrap(),
        serde_json::to_string_pretty(value).unwrap(),
    ] {
        let read: Result<T, _> = json::from_str(&written);
        prop_assert_eq!(read.as_ref(), Ok(value), "{}", written);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn site_round_trips(v in site()) { round_trips(&v)?; }

    #[test]
    fn article_round_trips(v in article()) { round_trips(&v)?; }

    #[test]
    fn home_round_trips(v in home()) { round_trips(&v)?; }

    #[test]
    fn section_page_round_trips(v in section_page()) { round_trips(&v)?; }

    #[test]
    fn page_round_trips(v in page()) { round_trips(&v)?; }

    #[test]
    fn document_index_round_trips(v in document_index()) { round_trips(&v)?; }

    #[test]
    fn document_round_trips(v in document()) { round_trips(&v)?; }

    #[test]
    fn document_list_round_trips(v in document_list()) { round_trips(&v)?; }

    #[test]
    fn search_doc_round_trips(v in search_doc()) { round_trips(&v)?; }

    #[test]
    fn manifest_round_trips(v in manifest()) { round_trips(&v)?; }

    /// Any JSON value serde_json can write, floats included: ours accepts it as a
    /// value nobody reads, also inside an object it does read.
    #[test]
    fn any_value_is_skipped(v in any_json()) {
        let written = v.to_string();
        prop_assert!(json::from_str::<IgnoredAny>(&written).is_ok(), "{}", written);
        let wrapped = format!("{{\"x\":{written},\"slug\":\"a\",\"name\":\"b\"}}");
        prop_assert_eq!(
            json::from_str::<SectionRef>(&wrapped),
            Ok(SectionRef { slug: "a".into(), name: "b".into() })
        );
    }

    /// Text that is almost JSON (a valid document with one byte changed, dropped or
    /// added): both accept it or both refuse it.
    #[test]
    fn mutated_text_is_judged_like_serde_json((text, _) in mutated_json()) {
        let ours = json::from_str::<IgnoredAny>(&text).is_ok();
        let oracle = serde_json::from_str::<IgnoredAny>(&text).is_ok();
        prop_assert_eq!(ours, oracle, "{:?}", text);
    }

    /// A mutated article: the same article, or both refuse.
    #[test]
    fn mutated_article_is_read_like_serde_json(a in article(), at in any::<prop::sample::Index>(), b in any::<u8>()) {
        let mut bytes = serde_json::to_vec(&a).unwrap();
        let i = at.index(bytes.len());
        let choices = b"{}[]\",:0123456789-.eE tfn\\";
        bytes[i] = choices[b as usize % choices.len()];
        if let Ok(text) = String::from_utf8(bytes) {
            let ours: Result<Article, _> = json::from_str(&text);
            let oracle: Result<Article, _> = serde_json::from_str(&text);
            prop_assert_eq!(ours.ok(), oracle.ok(), "{:?}", text);
        }
    }
}

fn any_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(text(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A valid document with one change; the change's kind, for the report.
fn mutated_json() -> impl Strategy<Value = (String, u8)> {
    (any_json(), any::<prop::sample::Index>(), 0u8..3, any::<u8>()).prop_map(|(v, at, kind, b)| {
        let mut bytes = v.to_string().into_bytes();
        let i = at.index(bytes.len().max(1));
        let choices = b"{}[]\",:0123456789-+.eE tfnul\\\n\t";
        let c = choices[b as usize % choices.len()];
        match kind {
            0 if i < bytes.len() => bytes[i] = c,
            1 if i < bytes.len() => {
                bytes.remove(i);
            }
            _ => bytes.insert(i.min(bytes.len()), c),
        }
        (String::from_utf8_lossy(&bytes).into_owned(), kind)
    })
}

/// Valid (`y`) and invalid (`n`) texts in the manner of JSONTestSuite, written for
/// this project: ours must agree with the oracle on each, and with the expectation.
#[test]
fn json_test_suite_style_cases() {
    let cases: &[(bool, &str)] = &[
        (true, "[]"),
        (true, "{}"),
        (true, "[null]"),
        (true, "[true, false]"),
        (true, "[0]"),
        (true, "[-0]"),
        (true, "[-0.0]"),
        (true, "[1E22]"),
        (true, "[1e-400]"),
        (true, "[123.456e+78]"),
        (true, "[-9223372036854775808]"),
        (true, "[18446744073709551616]"),
        (true, "[\"\"]"),
        (true, "[\"\\u0000\"]"),
        (true, "[\"\\uD834\\uDD1E\"]"),
        (true, "[\"\\/\\b\\f\\n\\r\\t\"]"),
        (true, "[\"Dân vận khéo\"]"),
        (true, "{\"a\":{\"b\":[{\"c\":[]}]}}"),
        (true, "{\"a\":1,\"a\":2}"),
        (true, " \n\t\r[1] \n"),
        (true, "\"top-level string\""),
        (true, "42"),
        (true, "null"),
        (false, "[01]"),
        (false, "[-]"),
        (false, "[.1]"),
        (false, "[1.]"),
        (false, "[1.e5]"),
        (false, "[1e]"),
        (false, "[+1]"),
        (false, "[0x10]"),
        (false, "[NaN]"),
        (false, "[-Infinity]"),
        (false, "[1,]"),
        (false, "[,1]"),
        (false, "[1,,2]"),
        (false, "[\"a\" \"b\"]"),
        (false, "{\"a\"}"),
        (false, "{\"a\":}"),
        (false, "{1:2}"),
        (false, "{'a':1}"),
        (false, "{\"a\":1,}"),
        (false, "[\"\\u00G0\"]"),
        (false, "[\"\\a\"]"),
        (false, "[\"\u{0}\"]"),
        (false, "[\"\n\"]"),
        (false, "[True]"),
        (false, "[nul]"),
        (false, "[] []"),
        (false, "[1] 2"),
        (false, "\u{feff}[]"),
        (false, "[\u{a0}1]"),
        (false, ""),
        (false, "/* comment */ []"),
    ];
    for &(valid, text) in cases {
        let oracle = serde_json::from_str::<IgnoredAny>(text).is_ok();
        assert_eq!(oracle, valid, "the oracle disagrees with the case {text:?}");
        let ours = json::from_str::<IgnoredAny>(text).is_ok();
        assert_eq!(ours, valid, "{text:?}");
    }
}
