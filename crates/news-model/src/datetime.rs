//! RFC 3339 timestamps, shown as the reader of a Chinese portal expects: `YYYY-MM-DD HH:MM:SS`
//! in the article's own offset (no time-zone database needed, and no heavy date crate in the wasm);
//! in English, `11 Apr 2022, 16:43:04` (day-month order reads the same on both sides of the Atlantic).

use crate::Locale;

/// A parsed timestamp, kept in the offset it was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Offset from UTC in minutes, as written (`+08:00` is 480).
    pub offset_minutes: i16,
}

impl Timestamp {
    /// Parses `2022-04-11T16:43:04+08:00` (also `Z`, fractions, lower-case `t` or a space).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() < 20
            || b.get(4) != Some(&b'-')
            || b.get(7) != Some(&b'-')
            || b.get(13) != Some(&b':')
            || b.get(16) != Some(&b':')
        {
            return None;
        }
        if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
            return None;
        }
        let num = |from: usize, to: usize| -> Option<u32> {
            let part = s.get(from..to)?;
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
        };
        let year = num(0, 4)? as i32;
        let month = num(5, 7)? as u8;
        let day = num(8, 10)? as u8;
        let hour = num(11, 13)? as u8;
        let minute = num(14, 16)? as u8;
        let second = num(17, 19)? as u8;
        let mut rest = s.get(19..)?;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            rest = frac.get(digits..)?;
        }
        let offset_minutes = match rest {
            "Z" | "z" => 0,
            _ => {
                let sign = match rest.as_bytes().first()? {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let off = rest.get(1..)?;
                // Digits exactly where they belong: `i16` parsing alone would take `++8:00`.
                let digits = [0, 1, 3, 4].iter().all(|&i| off.as_bytes().get(i).is_some_and(u8::is_ascii_digit));
                if off.len() != 5 || off.as_bytes().get(2) != Some(&b':') || !digits {
                    return None;
                }
                let oh: i16 = off.get(0..2)?.parse().ok()?;
                let om: i16 = off.get(3..5)?.parse().ok()?;
                if oh > 23 || om > 59 {
                    return None;
                }
                sign * (oh * 60 + om)
            }
        };
        let valid = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second <= 60;
        valid.then_some(Timestamp { year, month, day, hour, minute, second, offset_minutes })
    }

    /// `2022-04-11 16:43:04` (`11 Apr 2022, 16:43:04`), the article page's format, in the
    /// timestamp's own offset.
    pub fn format_datetime(&self, locale: Locale) -> String {
        let sep = if locale == Locale::En { ", " } else { " " };
        format!("{}{sep}{:02}:{:02}:{:02}", self.format_date(locale), self.hour, self.minute, self.second)
    }

    /// `2022-04-11` (`11 Apr 2022`), as in lists.
    pub fn format_date(&self, locale: Locale) -> String {
        match locale {
            Locale::ZhCn => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
            Locale::En => {
                let month = MONTHS.get(usize::from(self.month).wrapping_sub(1)).copied().unwrap_or("");
                format!("{} {month} {}", self.day, self.year)
            }
        }
    }

    /// Seconds since the Unix epoch, for ordering and relative times.
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        days * 86_400 + i64::from(self.hour) * 3_600 + i64::from(self.minute) * 60 + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60
    }
}

/// Formats an RFC 3339 string for display, or shows it unchanged when it does not parse:
/// an odd date from a backend is better shown raw than hidden.
pub fn display_datetime(raw: &str, locale: Locale) -> String {
    Timestamp::parse(raw).map_or_else(|| raw.trim().to_string(), |t| t.format_datetime(locale))
}

pub fn display_date(raw: &str, locale: Locale) -> String {
    Timestamp::parse(raw).map_or_else(|| raw.trim().to_string(), |t| t.format_date(locale))
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_time_is_shown_in_its_own_offset() {
        assert_eq!(display_datetime("2022-04-11T16:43:04+08:00", Locale::ZhCn), "2022-04-11 16:43:04");
        assert_eq!(display_date("2022-04-11T16:43:04+08:00", Locale::ZhCn), "2022-04-11");
        assert_eq!(display_datetime("2022-04-11T16:43:04+08:00", Locale::En), "11 Apr 2022, 16:43:04");
        assert_eq!(display_date("2022-12-01T00:00:00Z", Locale::En), "1 Dec 2022");
    }

    #[test]
    fn variants_parse() {
        let t = Timestamp::parse("2024-02-29t23:59:60.123456-05:30").expect("leap day, leap second");
        assert_eq!((t.month, t.day, t.second, t.offset_minutes), (2, 29, 60, -330));
        assert!(Timestamp::parse("2022-04-11 16:43:04Z").is_some());
    }

    #[test]
    fn invalid_inputs_are_rejected_without_panicking() {
        for bad in [
            "",
            "2022",
            "2022-04-11",
            "2022-04-11T16:43:04",
            "2023-02-29T00:00:00Z",
            "2022-13-01T00:00:00Z",
            "2022-04-11T24:00:00Z",
            "2022-04-11T16:43:04+8:00",
            "2022-04-11T16:43:04.Z",
            "２０２２-04-11T16:43:04Z",
            "2022-04-11T16:43:04+08:00x",
            "2022-04-11T16:43:04+99:00",
            "-022-04-11T16:43:04Z",
            "2022-04-11T16:4é:04Z",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
        assert_eq!(display_datetime(" yesterday ", Locale::En), "yesterday");
    }

    #[test]
    fn unix_seconds_accounts_for_offset() {
        let a = Timestamp::parse("2022-04-11T16:43:04+08:00").expect("valid");
        let b = Timestamp::parse("2022-04-11T08:43:04Z").expect("valid");
        assert_eq!(a.unix_seconds(), b.unix_seconds());
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00Z").map(|t| t.unix_seconds()), Some(0));
        assert_eq!(b.unix_seconds(), 1_649_666_584);
    }
}
