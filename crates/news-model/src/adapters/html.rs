//! Just enough HTML for the adapters: entities, tags stripped to plain text (titles, excerpts,
//! comments), and plain text marked up as paragraphs. Not a parser: untrusted bodies go through
//! the app's sanitizer instead.

/// Decodes character references: numeric (`&#8217;`, `&#x2019;`; the `;` may be left out, and
/// zero, surrogates or values past U+10FFFF give U+FFFD) and the named ones news sites use.
/// Unknown names and a bare `&` are kept as written. One pass: `&amp;amp;` gives `&amp;`.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character of the reference at the start of `s` (which starts with `&`), and its length.
fn reference(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let start = if hex { 3 } else { 2 };
        let radix = if hex { 16 } else { 10 };
        let digits = b[start..].iter().take_while(|c| (**c as char).is_digit(radix)).count();
        if digits == 0 {
            return None;
        }
        let mut n: u32 = 0;
        for &d in &b[start..start + digits] {
            n = n.saturating_mul(radix).saturating_add((d as char).to_digit(radix).unwrap_or(0));
        }
        let end = start + digits;
        let len = if b.get(end) == Some(&b';') { end + 1 } else { end };
        let c = if n == 0 { '\u{FFFD}' } else { char::from_u32(n).unwrap_or('\u{FFFD}') };
        return Some((c, len));
    }
    let name_len = b[1..].iter().take(8).take_while(|c| c.is_ascii_alphanumeric()).count();
    if b.get(1 + name_len) != Some(&b';') {
        return None;
    }
    let c = match &s[1..1 + name_len] {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "times" => '×',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        _ => return None,
    };
    Some((c, name_len + 2))
}

/// Plain text of an HTML fragment: tags and comments removed (`script` and `style` with their
/// contents), `<br>` and the ends of blocks as line breaks (a blank line after a paragraph),
/// entities decoded, spaces collapsed, lines trimmed, at most one blank line in a row.
pub fn html_to_text(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let mut raw = String::with_capacity(s.len());
    let mut text_start = 0;
    let mut i = 0;
    while let Some(found) = s[i..].find('<') {
        let at = i + found;
        let next = s.as_bytes().get(at + 1).copied().unwrap_or(b' ');
        if !(next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?')) {
            i = at + 1; // a lone `<` is text
            continue;
        }
        push_text(&mut raw, &s[text_start..at]);
        if lower[at..].starts_with("<!--") {
            i = lower[at..].find("-->").map_or(s.len(), |end| at + end + 3);
            text_start = i;
            continue;
        }
        let Some(close) = s[at..].find('>') else {
            text_start = s.len();
            break;
        };
        let closing = next == b'/';
        let name_start = at + 1 + usize::from(closing);
        let name_len = lower[name_start..].bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = &lower[name_start..name_start + name_len];
        i = at + close + 1;
        match name {
            "script" | "style" if !closing => {
                let end = lower[i..].find(&format!("</{name}")).map(|end| i + end);
                i = end.and_then(|end| lower[end..].find('>').map(|gt| end + gt + 1)).unwrap_or(s.len());
            }
            "br" => raw.push('\n'),
            "p" if closing => raw.push_str("\n\n"),
            "div" | "li" | "tr" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if closing => raw.push('\n'),
            _ => {}
        }
        text_start = i;
    }
    push_text(&mut raw, &s[text_start..]);

    let mut out = String::with_capacity(raw.len());
    let mut blank = false;
    for line in raw.split('\n') {
        let line = one_spaced(line);
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(&line);
        blank = false;
    }
    out
}

/// Text between tags: entities decoded, its line breaks mere whitespace as in HTML.
fn push_text(raw: &mut String, text: &str) {
    raw.extend(decode_entities(text).chars().map(|c| if c == '\n' { ' ' } else { c }));
}

/// Runs of HTML whitespace (source line breaks included) as one space, trimmed.
fn one_spaced(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(c, ' ' | '\t' | '\r' | '\x0c') {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// Plain text as HTML: `& < > "` escaped, blank-line separated paragraphs in `<p>`, single line
/// breaks as `<br>`.
pub fn text_to_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut open = false;
    for line in s.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if open {
                out.push_str("</p>");
                open = false;
            }
            continue;
        }
        out.push_str(if open { "<br>" } else { "<p>" });
        open = true;
        out.push_str(&escape(line));
    }
    if open {
        out.push_str("</p>");
    }
    out
}

/// `& < > "` as character references: text that HTML will read back as the same text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
