//! A small JSON reader for the app, as a serde deserializer: it reads any valid JSON
//! (RFC 8259) and gives the API's types what they ask for.
//!
//! Why not serde_json or the browser's `JSON.parse` with serde-wasm-bindgen: both build
//! error messages, and formatting "invalid type: floating point …" pulls Rust's float
//! formatting (about 13 KB of Wasm) into an app that never shows it; measured in
//! `docs/size.md`. Here an error is only where reading stopped ([`Error`]: line and
//! column); the app says "Dữ liệu nhận được không hợp lệ" and offers to retry.
//!
//! The rules, each tested against serde_json as the oracle (unit tests here, property
//! tests in `tests/json_oracle.rs`):
//! - any valid value may stand where nothing reads it (a field the app does not know),
//!   numbers with fractions and exponents included: a newer API can add fields;
//! - integers are read exactly (`u8` … `u64`, `i64` from `i64::MIN`); a fraction or an
//!   exponent where an integer is expected, leading zeros, `NaN`, and anything after
//!   the value are errors;
//! - nesting deeper than [`MAX_DEPTH`] is an error, not a stack overflow.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};
use serde::forward_to_deserialize_any;

/// Deepest nesting of arrays and objects read (serde_json's limit too).
pub const MAX_DEPTH: usize = 128;

/// The text is not the JSON expected: where reading stopped (1-based; the column
/// counts characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JSON không hợp lệ ở dòng {}, cột {}", self.line, self.column)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    /// A visitor's complaint (a missing field, a wrong type): its place is filled in
    /// by [`from_str`].
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        UNPLACED
    }
}

/// An error whose position [`from_str`] fills in.
const UNPLACED: Error = Error { line: 0, column: 0 };

/// Reads a `T` from `text`; anything after it but white space is an error.
pub fn from_str<'de, T: serde::Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    let mut de = Reader {
        s: text.as_bytes(),
        text,
        i: 0,
        depth: 0,
    };
    let result = T::deserialize(&mut de).and_then(|value| {
        de.ws();
        if de.i == de.s.len() {
            Ok(value)
        } else {
            Err(UNPLACED)
        }
    });
    result.map_err(|_| position(text, de.i))
}

/// Line and column of byte offset `at`.
fn position(text: &str, at: usize) -> Error {
    let before = &text.as_bytes()[..at.min(text.len())];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    // Characters, not bytes: a UTF-8 continuation byte does not start one.
    let column = before[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
    Error {
        line: before.iter().filter(|&&b| b == b'\n').count() + 1,
        column,
    }
}

struct Reader<'de> {
    s: &'de [u8],
    text: &'de str,
    i: usize,
    depth: usize,
}

impl<'de> Reader<'de> {
    fn ws(&mut self) {
        while self
            .s
            .get(self.i)
            .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
        {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Result<u8, Error> {
        self.ws();
        self.s.get(self.i).copied().ok_or(UNPLACED)
    }

    fn eat(&mut self, b: u8) -> Result<(), Error> {
        if self.peek()? == b {
            self.i += 1;
            Ok(())
        } else {
            Err(UNPLACED)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        if self.s[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(UNPLACED)
        }
    }

    /// Enters an array or object.
    fn descend(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(UNPLACED)
        } else {
            Ok(())
        }
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self.s.get(self.i..self.i + 4).ok_or(UNPLACED)?;
        let n = digits.iter().try_fold(0u32, |n, &d| {
            Ok(n * 16 + (d as char).to_digit(16).ok_or(UNPLACED)?)
        })?;
        self.i += 4;
        Ok(n)
    }

    /// The character of an escape, after its backslash.
    fn escape(&mut self) -> Result<char, Error> {
        let esc = *self.s.get(self.i).ok_or(UNPLACED)?;
        self.i += 1;
        Ok(match esc {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&hi) {
                    self.literal(b"\\u")?;
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(UNPLACED);
                    }
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else {
                    hi
                };
                // A lone low surrogate is not a character.
                char::from_u32(code).ok_or(UNPLACED)?
            }
            _ => return Err(UNPLACED),
        })
    }

    /// A string: borrowed when it has no escapes.
    fn string(&mut self) -> Result<Str<'de>, Error> {
        self.eat(b'"')?;
        let mut owned: Option<String> = None;
        let mut start = self.i;
        loop {
            match *self.s.get(self.i).ok_or(UNPLACED)? {
                b'"' => {
                    let piece = &self.text[start..self.i];
                    self.i += 1;
                    return Ok(match owned {
                        Some(mut o) => {
                            o.push_str(piece);
                            Str::Owned(o)
                        }
                        None => Str::Borrowed(piece),
                    });
                }
                b'\\' => {
                    let o = owned.get_or_insert_with(String::new);
                    o.push_str(&self.text[start..self.i]);
                    self.i += 1;
                    let c = self.escape()?;
                    o.push(c);
                    start = self.i;
                }
                0..=0x1f => return Err(UNPLACED),
                _ => self.i += 1,
            }
        }
    }

    /// Digits from here; how many.
    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - start
    }

    /// A number by the grammar (`-? int frac? exp?`, no leading zeros); returns whether
    /// it is an integer (no fraction, no exponent).
    fn number(&mut self) -> Result<bool, Error> {
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.s.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(UNPLACED),
        }
        let mut integer = true;
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(UNPLACED);
            }
            integer = false;
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(UNPLACED);
            }
            integer = false;
        }
        Ok(integer)
    }

    /// An integer, where the type wants one (the API has no fractions).
    fn integer<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        self.ws();
        let start = self.i;
        if !self.number()? {
            // Point at the number, not past it.
            self.i = start;
            return Err(UNPLACED);
        }
        let text = &self.s[start..self.i];
        let (negative, digits) = match text.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, text),
        };
        let n = digits.iter().try_fold(0u64, |n, &d| {
            n.checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
                .ok_or(UNPLACED)
        })?;
        if !negative {
            visitor.visit_u64(n)
        } else if n <= 1 << 63 {
            // `n as i64` is i64::MIN for 2^63, whose negation is itself.
            visitor.visit_i64((n as i64).wrapping_neg())
        } else {
            Err(UNPLACED)
        }
    }

    /// Skips any one value, checking it is valid JSON.
    fn skip(&mut self) -> Result<(), Error> {
        match self.peek()? {
            b'n' => self.literal(b"null"),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'"' => self.skip_string(),
            b'[' => {
                self.i += 1;
                self.descend()?;
                let mut first = true;
                while self.peek()? != b']' {
                    if !first {
                        self.eat(b',')?;
                    }
                    first = false;
                    self.skip()?;
                }
                self.i += 1;
                self.depth -= 1;
                Ok(())
            }
            b'{' => {
                self.i += 1;
                self.descend()?;
                let mut first = true;
                while self.peek()? != b'}' {
                    if !first {
                        self.eat(b',')?;
                    }
                    first = false;
                    if self.peek()? != b'"' {
                        return Err(UNPLACED);
                    }
                    self.skip_string()?;
                    self.eat(b':')?;
                    self.skip()?;
                }
                self.i += 1;
                self.depth -= 1;
                Ok(())
            }
            b'-' | b'0'..=b'9' => self.number().map(drop),
            _ => Err(UNPLACED),
        }
    }

    /// Skips a string nobody reads: escapes must be well-formed, but, as serde_json
    /// does, a `\u` escape is not decoded (a lone surrogate there is no error).
    fn skip_string(&mut self) -> Result<(), Error> {
        self.eat(b'"')?;
        loop {
            match *self.s.get(self.i).ok_or(UNPLACED)? {
                b'"' => {
                    self.i += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.i += 1;
                    match self.s.get(self.i) {
                        Some(b'u') => {
                            self.i += 1;
                            self.hex4()?;
                        }
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                        _ => return Err(UNPLACED),
                    }
                }
                0..=0x1f => return Err(UNPLACED),
                _ => self.i += 1,
            }
        }
    }

    fn seq<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        self.eat(b'[')?;
        self.descend()?;
        let v = visitor.visit_seq(Seq { r: self, first: true })?;
        self.eat(b']')?;
        self.depth -= 1;
        Ok(v)
    }

    fn map<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        self.eat(b'{')?;
        self.descend()?;
        let v = visitor.visit_map(Map { r: self, first: true })?;
        self.eat(b'}')?;
        self.depth -= 1;
        Ok(v)
    }
}

enum Str<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Str<'de> {
    fn visit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Str::Borrowed(s) => visitor.visit_borrowed_str(s),
            Str::Owned(s) => visitor.visit_string(s),
        }
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    /// A value of any kind (only where a type asks for one: the API's own types ask
    /// for what they expect). A number with a fraction is an error here: the API has
    /// none, and reading one would link float parsing.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek()? {
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            b'"' => self.string()?.visit(visitor),
            b'[' => self.seq(visitor),
            b'{' => self.map(visitor),
            _ => self.integer(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// Externally tagged: `"unit"` or `{"variant": content}`.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.peek()? {
            b'"' => visitor.visit_enum(Enum { r: self, unit: true }),
            b'{' => {
                self.i += 1;
                self.descend()?;
                let v = visitor.visit_enum(Enum {
                    r: &mut *self,
                    unit: false,
                })?;
                self.eat(b'}')?;
                self.depth -= 1;
                Ok(v)
            }
            _ => Err(UNPLACED),
        }
    }

    // What each type expects, asked for directly: a struct's visitor then only ever
    // sees a map, a string's only a string…, so the code for the other cases (a struct
    // written as an array, a number where a name is expected) is never instantiated.
    // That keeps the Wasm smaller than going through `deserialize_any` for everything.

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.map(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.seq(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek()? != b'"' {
            return Err(UNPLACED);
        }
        self.string()?.visit(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek()? == b't' {
            self.literal(b"true")?;
            visitor.visit_bool(true)
        } else {
            self.literal(b"false")?;
            visitor.visit_bool(false)
        }
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }

    /// A value nobody reads (an unknown field): skipped, whatever valid JSON it is.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip()?;
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        i8 i16 i32 i128 u16 u128 f32 f64 char
        bytes byte_buf unit unit_struct tuple tuple_struct
    }
}

struct Seq<'a, 'de> {
    r: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> de::SeqAccess<'de> for Seq<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.r.peek()? == b']' {
            return Ok(None);
        }
        if !self.first {
            self.r.eat(b',')?;
        }
        self.first = false;
        seed.deserialize(&mut *self.r).map(Some)
    }
}

struct Map<'a, 'de> {
    r: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> de::MapAccess<'de> for Map<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if self.r.peek()? == b'}' {
            return Ok(None);
        }
        if !self.first {
            self.r.eat(b',')?;
        }
        self.first = false;
        if self.r.peek()? != b'"' {
            return Err(UNPLACED);
        }
        seed.deserialize(&mut *self.r).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.r.eat(b':')?;
        seed.deserialize(&mut *self.r)
    }
}

struct Enum<'a, 'de> {
    r: &'a mut Reader<'de>,
    /// A bare string: a unit variant.
    unit: bool,
}

impl<'de> de::EnumAccess<'de> for Enum<'_, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let variant = seed.deserialize(&mut *self.r)?;
        if !self.unit {
            self.r.eat(b':')?;
        }
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for Enum<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        if self.unit {
            Ok(())
        } else {
            de::Deserialize::deserialize(&mut *self.r)
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        if self.unit {
            return Err(UNPLACED);
        }
        seed.deserialize(&mut *self.r)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        if self.unit {
            return Err(UNPLACED);
        }
        de::Deserializer::deserialize_seq(&mut *self.r, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.unit {
            return Err(UNPLACED);
        }
        de::Deserializer::deserialize_map(&mut *self.r, visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde::de::IgnoredAny;

    use super::*;
    use crate::api::{Article, Block, Inline};

    #[test]
    fn values() {
        assert_eq!(from_str::<Vec<u32>>(" [1, 2 ,3] "), Ok(vec![1, 2, 3]));
        assert_eq!(from_str::<i64>("-42"), Ok(-42));
        assert_eq!(from_str::<i64>("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(from_str::<u64>("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(from_str::<Option<u8>>("null"), Ok(None));
        assert_eq!(from_str::<bool>("true"), Ok(true));
        let m: HashMap<String, String> =
            from_str(r#"{"a": "x\"y\\z\n\u00e2\ud83d\ude00 cuối", "b": ""}"#).unwrap();
        assert_eq!(m["a"], "x\"y\\z\nâ😀 cuối");
        assert_eq!(m["b"], "");
        // Borrowed when there is nothing to unescape.
        let s: &str = from_str(r#""Dân vận khéo""#).unwrap();
        assert_eq!(s, "Dân vận khéo");
    }

    #[test]
    fn malformed_is_refused_like_serde_json_does() {
        for bad in [
            "",
            " ",
            "[1,]",
            "[1 2]",
            "{\"a\":1,}",
            "{a:1}",
            "{\"a\" 1}",
            "\"unterminated",
            "\"tab\tinside\"",
            "01",
            "-01",
            "00",
            "1.",
            ".5",
            "1e",
            "1e+",
            "-",
            "+1",
            "NaN",
            "Infinity",
            "nul",
            "[1] x",
            "\"\\x\"",
            "\"\\u12\"",
            "[",
            "{",
            "]",
        ] {
            assert!(
                serde_json::from_str::<IgnoredAny>(bad).is_err(),
                "oracle: {bad:?}"
            );
            assert!(from_str::<IgnoredAny>(bad).is_err(), "{bad:?}");
        }
        // A lone surrogate is no character: an error where the text is read (where
        // it is skipped, serde_json lets it pass, and so does this reader).
        for lone in ["\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\""] {
            assert!(serde_json::from_str::<String>(lone).is_err(), "oracle: {lone}");
            assert!(from_str::<String>(lone).is_err(), "{lone}");
            assert_eq!(
                serde_json::from_str::<IgnoredAny>(lone).is_ok(),
                from_str::<IgnoredAny>(lone).is_ok(),
                "{lone}"
            );
        }
        assert!(from_str::<u8>("300").is_err());
        assert!(from_str::<u32>("-1").is_err());
        assert!(from_str::<u64>("99999999999999999999999").is_err());
        assert!(from_str::<i64>("-9223372036854775809").is_err());
        // A fraction where an integer is expected.
        assert!(from_str::<u32>("1.0").is_err());
        assert!(from_str::<u32>("1e2").is_err());
    }

    #[test]
    fn any_valid_value_may_stand_in_an_unknown_field() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct S {
            a: u32,
        }
        for extra in [
            "1.5",
            "-0.25e-7",
            "1E+400",
            "0",
            "-0",
            "[1.5, {\"x\": [true, null, \"y\"]}]",
            "{\"nested\": {\"deeper\": 2.5}}",
            "\"\\u00e2\"",
        ] {
            let text = format!("{{\"new_field\": {extra}, \"a\": 7}}");
            assert!(serde_json::from_str::<S>(&text).is_ok(), "oracle: {text}");
            assert_eq!(from_str::<S>(&text), Ok(S { a: 7 }), "{text}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(from_str::<IgnoredAny>(&deep).is_err());
        let deep_blocks = "[{\"quote\":".repeat(5_000) + "[]" + &"}]".repeat(5_000);
        assert!(from_str::<Vec<Block>>(&deep_blocks).is_err());
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(from_str::<IgnoredAny>(&ok).is_ok());
        let over = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(from_str::<IgnoredAny>(&over).is_err());
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            from_str::<Vec<u32>>("[1,\n 2,\n 3x]"),
            Err(Error { line: 3, column: 3 })
        );
        assert_eq!(
            from_str::<HashMap<String, u32>>("{\"đường\": 1.5}"),
            Err(Error { line: 1, column: 11 })
        );
        assert_eq!(
            Error { line: 3, column: 3 }.to_string(),
            "JSON không hợp lệ ở dòng 3, cột 3"
        );
    }

    #[test]
    fn reads_what_serde_json_writes() {
        let a: Article = serde_json::from_str(include_str!("../tests/article.json")).unwrap();
        let written = serde_json::to_string(&a).unwrap();
        assert_eq!(from_str::<Article>(&written), Ok(a.clone()));
        let pretty = serde_json::to_string_pretty(&a).unwrap();
        assert_eq!(from_str::<Article>(&pretty), Ok(a));
        let blocks: Vec<Block> =
            from_str(r#"[{"p":[{"text":"a"},"br",{"b":[{"i":[]}]}]},{"h":{"level":3,"c":[]}}]"#).unwrap();
        assert_eq!(
            blocks[0],
            Block::Paragraph(vec![
                Inline::Text("a".into()),
                Inline::Break,
                Inline::Strong(vec![Inline::Emphasis(vec![])])
            ])
        );
        assert!(from_str::<Vec<Block>>(r#"[{"html":"<script>"}]"#).is_err());
        assert!(from_str::<Vec<Block>>(r#"["p"]"#).is_err());
    }
}
