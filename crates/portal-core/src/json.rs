//! A small JSON reader for the app: enough for the API's documents (objects, arrays,
//! strings, integers, booleans, null), as a serde deserializer.
//!
//! Why not serde_json or the browser's JSON.parse with serde-wasm-bindgen: both build
//! error messages, and formatting the "invalid type: floating point …" message pulls
//! Rust's float formatting (about 13 KB of Wasm) into an app that never shows it. Here
//! an error is just [`Error`]: the app says "Dữ liệu nhận được không hợp lệ" and offers
//! to retry. The build writes the JSON with serde_json; the tests read it back with
//! this, so the two stay in step.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};
use serde::forward_to_deserialize_any;

/// The document is not the JSON expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON không hợp lệ")
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Error
    }
}

/// Reads a `T` from `text`; anything after it but white space is an error.
pub fn from_str<'de, T: serde::Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    let mut de = Reader {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    let value = T::deserialize(&mut de)?;
    de.ws();
    if de.i == de.s.len() {
        Ok(value)
    } else {
        Err(Error)
    }
}

struct Reader<'de> {
    s: &'de [u8],
    text: &'de str,
    i: usize,
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
        self.s.get(self.i).copied().ok_or(Error)
    }

    fn eat(&mut self, b: u8) -> Result<(), Error> {
        if self.peek()? == b {
            self.i += 1;
            Ok(())
        } else {
            Err(Error)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        if self.s[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(Error)
        }
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self.s.get(self.i..self.i + 4).ok_or(Error)?;
        self.i += 4;
        digits
            .iter()
            .try_fold(0u32, |n, &d| Ok(n * 16 + (d as char).to_digit(16).ok_or(Error)?))
    }

    /// The character of an escape, after its backslash.
    fn escape(&mut self) -> Result<char, Error> {
        let esc = *self.s.get(self.i).ok_or(Error)?;
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
                        return Err(Error);
                    }
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else {
                    hi
                };
                char::from_u32(code).ok_or(Error)?
            }
            _ => return Err(Error),
        })
    }

    /// A string: borrowed when it has no escapes.
    fn string(&mut self) -> Result<Str<'de>, Error> {
        self.eat(b'"')?;
        let mut owned: Option<String> = None;
        let mut start = self.i;
        loop {
            match *self.s.get(self.i).ok_or(Error)? {
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
                0..=0x1f => return Err(Error),
                _ => self.i += 1,
            }
        }
    }

    /// An integer (the API has no fractions).
    fn integer<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let negative = self.s.get(self.i) == Some(&b'-');
        if negative {
            self.i += 1;
        }
        let start = self.i;
        let mut n: u64 = 0;
        while let Some(&d) = self.s.get(self.i).filter(|d| d.is_ascii_digit()) {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
                .ok_or(Error)?;
            self.i += 1;
        }
        if self.i == start || matches!(self.s.get(self.i), Some(b'.' | b'e' | b'E')) {
            return Err(Error);
        }
        if negative {
            let v = i64::try_from(n).map_err(|_| Error)?;
            visitor.visit_i64(-v)
        } else {
            visitor.visit_u64(n)
        }
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
            b'[' => {
                self.i += 1;
                let v = visitor.visit_seq(Seq { r: self, first: true })?;
                self.eat(b']')?;
                Ok(v)
            }
            b'{' => {
                self.i += 1;
                let v = visitor.visit_map(Map { r: self, first: true })?;
                self.eat(b'}')?;
                Ok(v)
            }
            b'-' | b'0'..=b'9' => self.integer(visitor),
            _ => Err(Error),
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
                let v = visitor.visit_enum(Enum { r: self, unit: false })?;
                self.eat(b'}')?;
                Ok(v)
            }
            _ => Err(Error),
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
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.eat(b'{')?;
        let v = visitor.visit_map(Map {
            r: &mut *self,
            first: true,
        })?;
        self.eat(b'}')?;
        Ok(v)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.eat(b'[')?;
        let v = visitor.visit_seq(Seq {
            r: &mut *self,
            first: true,
        })?;
        self.eat(b']')?;
        Ok(v)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek()? != b'"' {
            return Err(Error);
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
        match self.peek()? {
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            _ => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
        }
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.peek()?;
        self.integer(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.peek()?;
        self.integer(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.peek()?;
        self.integer(visitor)
    }

    /// A value nobody reads (an unknown field): skipped without a visitor's help.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(&mut *self, de::IgnoredAny)?;
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u16 u128 f32 f64 char
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
            return Err(Error);
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
            return Err(Error);
        }
        seed.deserialize(&mut *self.r)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        if self.unit {
            return Err(Error);
        }
        de::Deserializer::deserialize_any(&mut *self.r, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.unit {
            return Err(Error);
        }
        de::Deserializer::deserialize_any(&mut *self.r, visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::api::{Article, Block, Inline};

    #[test]
    fn values() {
        assert_eq!(from_str::<Vec<u32>>(" [1, 2 ,3] "), Ok(vec![1, 2, 3]));
        assert_eq!(from_str::<i64>("-42"), Ok(-42));
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
    fn malformed() {
        for bad in [
            "",
            "[1,]",
            "[1 2]",
            "{\"a\":1,}",
            "{a:1}",
            "\"unterminated",
            "1.5",
            "1e3",
            "01x",
            "nul",
            "[1] x",
            "\"\\x\"",
            "\"\\ud800\"",
            "{\"a\" 1}",
            "-",
        ] {
            assert!(from_str::<serde::de::IgnoredAny>(bad).is_err(), "{bad:?}");
        }
        assert_eq!(from_str::<u8>("300"), Err(Error));
        assert_eq!(from_str::<u32>("-1"), Err(Error));
        assert_eq!(from_str::<u64>("99999999999999999999999"), Err(Error));
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
