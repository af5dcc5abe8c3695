//! Instants and their display in Vietnam time (UTC+7, no daylight saving).
//!
//! The portal shows times the way Vietnamese state portals do: `(13:19 | 10/08/2020)`.
//! The JSON API carries RFC 3339 strings with the `+07:00` offset.

use std::fmt;

/// Vietnam's offset from UTC, in seconds. It has been constant since 1975.
pub const VIETNAM_OFFSET_SECONDS: i64 = 7 * 3600;

/// An instant, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// A calendar date and wall-clock time (in some offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeError {
    /// Not of the form `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`.
    Syntax,
    /// A field out of range, e.g. month 13 or 31 April.
    Range,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeError::Syntax => "không đúng dạng ngày giờ RFC 3339 (ví dụ 2020-08-10T13:19:00+07:00)",
            TimeError::Range => "ngày hoặc giờ không tồn tại",
        })
    }
}

impl std::error::Error for TimeError {}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Whether a calendar date exists (e.g. not 30/02).
pub fn valid_date(year: i32, month: u8, day: u8) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(i64::from(year), month)
}

fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u8, d: u8) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

impl Timestamp {
    pub const fn from_unix(seconds: i64) -> Self {
        Timestamp(seconds)
    }

    pub const fn unix(self) -> i64 {
        self.0
    }

    /// The instant of a wall-clock time at a UTC offset (in minutes, east positive).
    pub fn from_civil(c: Civil, offset_minutes: i32) -> Result<Self, TimeError> {
        let valid = (1..=12).contains(&c.month)
            && c.day >= 1
            && c.day <= days_in_month(i64::from(c.year), c.month)
            && c.hour < 24
            && c.minute < 60
            && c.second < 60
            && offset_minutes.abs() < 24 * 60;
        if !valid {
            return Err(TimeError::Range);
        }
        let days = days_from_civil(i64::from(c.year), c.month, c.day);
        let local = days * 86_400 + i64::from(c.hour) * 3600 + i64::from(c.minute) * 60 + i64::from(c.second);
        Ok(Timestamp(local - i64::from(offset_minutes) * 60))
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by `Z` or `±HH:MM`
    /// (a space may replace `T`). The fraction is dropped; the offset is required.
    pub fn parse_rfc3339(s: &str) -> Result<Self, TimeError> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Result<u32, TimeError> {
            let part = b.get(r).ok_or(TimeError::Syntax)?;
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return Err(TimeError::Syntax);
            }
            Ok(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        };
        let at = |i: usize, expected: &[u8]| b.get(i).is_some_and(|c| expected.contains(c));
        if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt ") && at(13, b":")) {
            return Err(TimeError::Syntax);
        }
        let mut civil = Civil {
            year: num(0..4)? as i32,
            month: num(5..7)? as u8,
            day: num(8..10)? as u8,
            hour: num(11..13)? as u8,
            minute: num(14..16)? as u8,
            second: 0,
        };
        let mut i = 16;
        if at(i, b":") {
            civil.second = num(17..19)? as u8;
            i = 19;
            if at(i, b".") {
                i += 1;
                let start = i;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if i == start {
                    return Err(TimeError::Syntax);
                }
            }
        }
        let offset = match b.get(i) {
            Some(b'Z' | b'z') if b.len() == i + 1 => 0,
            Some(&sign @ (b'+' | b'-')) if b.len() == i + 6 && at(i + 3, b":") => {
                let hours = num(i + 1..i + 3)? as i32;
                let minutes = num(i + 4..i + 6)? as i32;
                if hours > 23 || minutes > 59 {
                    return Err(TimeError::Range);
                }
                let m = hours * 60 + minutes;
                if sign == b'-' {
                    -m
                } else {
                    m
                }
            }
            _ => return Err(TimeError::Syntax),
        };
        Timestamp::from_civil(civil, offset)
    }

    /// Wall-clock time in Vietnam.
    pub fn vietnam(self) -> Civil {
        let local = self.0 + VIETNAM_OFFSET_SECONDS;
        let (y, month, day) = civil_from_days(local.div_euclid(86_400));
        let secs = local.rem_euclid(86_400);
        Civil {
            year: y as i32,
            month,
            day,
            hour: (secs / 3600) as u8,
            minute: (secs % 3600 / 60) as u8,
            second: (secs % 60) as u8,
        }
    }

    /// `2020-08-10T13:19:00+07:00`: the API's form and the `datetime` attribute's.
    pub fn to_rfc3339_vietnam(self) -> String {
        let c = self.vietnam();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+07:00",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }

    /// `(13:19 | 10/08/2020)`, as Vietnamese portals print an article's time.
    pub fn stamp_vi(self) -> String {
        let c = self.vietnam();
        format!(
            "({:02}:{:02} | {:02}/{:02}/{:04})",
            c.hour, c.minute, c.day, c.month, c.year
        )
    }

    /// `10/08/2020`.
    pub fn date_vi(self) -> String {
        let c = self.vietnam();
        format!("{:02}/{:02}/{:04}", c.day, c.month, c.year)
    }

    /// `Mon, 10 Aug 2020 13:19:00 +0700` (RFC 822/2822), for RSS `pubDate`.
    pub fn rfc2822_vietnam(self) -> String {
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let c = self.vietnam();
        // 1970-01-01 was a Thursday.
        let days = (self.0 + VIETNAM_OFFSET_SECONDS).div_euclid(86_400);
        let weekday = DAYS[(days + 4).rem_euclid(7) as usize];
        format!(
            "{weekday}, {:02} {} {:04} {:02}:{:02}:{:02} +0700",
            c.day,
            MONTHS[usize::from(c.month) - 1],
            c.year,
            c.hour,
            c.minute,
            c.second
        )
    }

    /// The year in Vietnam time.
    pub fn year_vi(self) -> i32 {
        self.vietnam().year
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339_vietnam())
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Timestamp::parse_rfc3339(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn formats_like_the_portal() {
        let t = ts("2020-08-10T13:19:00+07:00");
        assert_eq!(t.stamp_vi(), "(13:19 | 10/08/2020)");
        assert_eq!(t.date_vi(), "10/08/2020");
        assert_eq!(t.to_rfc3339_vietnam(), "2020-08-10T13:19:00+07:00");
        assert_eq!(t.unix(), 1_597_040_340);
    }

    #[test]
    fn rss_dates() {
        assert_eq!(
            ts("2020-08-10T13:19:00+07:00").rfc2822_vietnam(),
            "Mon, 10 Aug 2020 13:19:00 +0700"
        );
        assert_eq!(
            ts("1970-01-01T00:00:00Z").rfc2822_vietnam(),
            "Thu, 01 Jan 1970 07:00:00 +0700"
        );
        // Sunday evening in UTC is Monday morning in Vietnam.
        assert_eq!(
            ts("2024-02-25T20:00:00Z").rfc2822_vietnam(),
            "Mon, 26 Feb 2024 03:00:00 +0700"
        );
    }

    #[test]
    fn utc_evening_is_next_morning_in_vietnam() {
        // 17:00 UTC is midnight in Vietnam: the date turns.
        assert_eq!(ts("2020-08-09T16:59:00Z").stamp_vi(), "(23:59 | 09/08/2020)");
        assert_eq!(ts("2020-08-09T17:00:00Z").stamp_vi(), "(00:00 | 10/08/2020)");
        // New Year: 31/12 in UTC, already 01/01 in Vietnam.
        assert_eq!(ts("2019-12-31T20:30:00Z").stamp_vi(), "(03:30 | 01/01/2020)");
        assert_eq!(ts("2019-12-31T20:30:00Z").year_vi(), 2020);
        // Leap day, written in another offset.
        assert_eq!(ts("2024-02-28T23:00:00-05:00").stamp_vi(), "(11:00 | 29/02/2024)");
    }

    #[test]
    fn same_instant_in_different_offsets_is_equal() {
        assert_eq!(ts("2020-08-10T13:19:00+07:00"), ts("2020-08-10T06:19:00Z"));
        assert_eq!(
            ts("2020-08-10T13:19:00+07:00"),
            ts("2020-08-10 08:19:00.250+02:00")
        );
        assert!(ts("2020-08-10T13:19:00+07:00") < ts("2020-08-10T13:20:00+07:00"));
    }

    #[test]
    fn rejects_malformed_and_impossible_times() {
        for bad in [
            "2020-08-10",
            "2020-08-10T13:19:00",
            "2020-8-10T13:19:00+07:00",
            "2020-08-10T13:19:00+0700",
            "2020-08-10T13:19:00+07:00 ",
            "2020-08-10T13:19:00.+07:00",
            "hôm qua",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), Err(TimeError::Syntax), "{bad}");
        }
        for bad in [
            "2020-02-30T10:00:00+07:00",
            "2021-02-29T10:00:00+07:00",
            "2020-13-01T10:00:00+07:00",
            "2020-04-31T10:00:00+07:00",
            "2020-08-10T24:00:00+07:00",
            "2020-08-10T13:60:00+07:00",
            "2020-08-10T13:19:00+25:00",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), Err(TimeError::Range), "{bad}");
        }
    }

    #[test]
    fn civil_round_trip_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn serde_uses_rfc3339_in_vietnam_time() {
        let t = ts("2020-08-10T06:19:00Z");
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2020-08-10T13:19:00+07:00\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        assert!(serde_json::from_str::<Timestamp>("\"10/08/2020\"").is_err());
    }
}
