//! A small QR code encoder, so the app can show the article's URL as a QR code (scan it with
//! WeChat or a phone camera to read or share the article) drawn as inline SVG in the browser, with
//! no network service and no third-party crate: the app ships as WebAssembly to readers on
//! phones, and every byte of it is paid for.
//!
//! To stay small it does only what a URL needs: byte mode (the UTF-8 bytes as they are),
//! error-correction level M (what WeChat and most generators use) and versions 1 to 40, picking
//! the smallest that fits. Everything else follows ISO/IEC 18004: Reed–Solomon blocks,
//! interleaving, all function patterns and the lowest-penalty of the 8 masks. The tests compare
//! every module with Nayuki's reference implementation (the `qrcodegen` crate).

use std::fmt::Write;

/// A finished QR code: `size` × `size` modules, row by row, `true` for dark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrCode {
    size: usize,
    version: u8,
    mask: u8,
    modules: Vec<bool>,
}

// Level M, for versions 1 to 40 (ISO/IEC 18004 table 9): the error-correction codewords of each
// block, and how many blocks the codewords are split into.
const ECC_PER_BLOCK: [u8; 40] = [
    10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, //
    26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
];
const BLOCKS: [u8; 40] = [
    1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, //
    17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
];

impl QrCode {
    /// The QR code of `data` (for a URL: `url.as_bytes()`) at level M in the smallest version
    /// that holds it; `None` if even version 40 (2331 bytes) is too small.
    pub fn encode(data: &[u8]) -> Option<QrCode> {
        let (version, total, blocks, ecc_per_block) = (1..=40).find_map(|version| {
            let (total, blocks, ecc_per_block) = layout(version)?;
            // Mode (4 bits) + length (8 bits up to version 9, then 16) + terminator (4 bits).
            let header = if version < 10 { 2 } else { 3 };
            let needed = data.len().checked_add(header)?.checked_add(blocks * ecc_per_block)?;
            (needed <= total).then_some((version, total, blocks, ecc_per_block))
        })?;
        let data_codewords = data_codewords(data, version, total - blocks * ecc_per_block);
        let codewords = add_ecc_and_interleave(&data_codewords, blocks, ecc_per_block);

        let mut grid = Grid::new(version);
        grid.draw_function_patterns(version);
        grid.place_codewords(&codewords);
        // Try every mask (format bits included, as they count too) and keep the lowest penalty;
        // `min_by_key` keeps the first of equals, so ties go to the lower mask number.
        let masked = (0..8).map(|mask| (mask, grid.clone().with_mask(mask)));
        let (mask, grid) = masked.min_by_key(|(_, masked)| masked.penalty())?;
        let size = usize::try_from(grid.size).ok()?;
        Some(QrCode { size, version, mask, modules: grid.dark })
    }

    /// Modules per side: 21 for version 1, 4 more for each version after it.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The version (1 to 40) that was chosen.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// The mask pattern (0 to 7) that was chosen.
    pub fn mask(&self) -> u8 {
        self.mask
    }

    /// Whether the module at column `x`, row `y` is dark; `false` outside the code.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.modules.get(y * self.size + x).copied().unwrap_or(false)
    }

    /// The `d` attribute of one SVG `<path>` drawing every dark module, one rectangle per
    /// horizontal run, shifted by a quiet zone of `quiet` modules. Draw it in
    /// `<svg viewBox="0 0 {size + 2 * quiet} {size + 2 * quiet}">`. Integers only: formatting
    /// floats would pull ~9 KB into the wasm.
    pub fn svg_path(&self, quiet: usize) -> String {
        let mut path = String::new();
        for (y, row) in self.modules.chunks(self.size.max(1)).enumerate() {
            let (mut x, y) = (quiet, y.saturating_add(quiet));
            for run in row.chunk_by(|a, b| a == b) {
                if run.first() == Some(&true) {
                    let _ = write!(path, "M{x} {y}h{0}v1h-{0}z", run.len());
                }
                x = x.saturating_add(run.len());
            }
        }
        path
    }
}

/// Of `version` at level M: all codewords, the error-correction blocks, ECC codewords per block.
fn layout(version: u8) -> Option<(usize, usize, usize)> {
    let index = usize::from(version).checked_sub(1)?;
    let (blocks, ecc_per_block) = (usize::from(*BLOCKS.get(index)?), usize::from(*ECC_PER_BLOCK.get(index)?));
    // Modules left for codewords once the function patterns are drawn (Nayuki's formula).
    let v = usize::from(version);
    let mut raw_modules = (16 * v + 128) * v + 64;
    if v >= 2 {
        let alignments = v / 7 + 2;
        raw_modules -= (25 * alignments - 10) * alignments - 55;
        if v >= 7 {
            raw_modules -= 36; // the two version-information blocks
        }
    }
    Some((raw_modules / 8, blocks, ecc_per_block))
}

/// The data codewords: the byte-mode header, the bytes, a terminator and padding. The header is
/// 12 or 20 bits, so the bytes land half a byte off; nibbles keep that simple.
fn data_codewords(data: &[u8], version: u8, capacity: usize) -> Vec<u8> {
    let length_nibbles = if version < 10 { 2 } else { 4 };
    let mut nibbles = vec![0b0100]; // byte mode
    nibbles.extend((0..length_nibbles).rev().map(|i| (data.len() >> (4 * i)) as u8 & 0xF));
    nibbles.extend(data.iter().flat_map(|&byte| [byte >> 4, byte & 0xF]));
    nibbles.push(0); // the terminator, which always fits and ends on a byte boundary
    let mut codewords: Vec<u8> = nibbles.chunks(2).map(|pair| pair.iter().fold(0, |acc, n| acc << 4 | n)).collect();
    let padding = capacity.saturating_sub(codewords.len());
    codewords.extend([0xEC, 0x11].iter().cycle().take(padding));
    codewords
}

/// Splits the data into blocks, appends each block's Reed–Solomon codewords, and interleaves:
/// the first data codeword of every block, then the second, ..., then the ECC the same way.
/// The blocks differ by at most one data codeword, the longer ones last.
fn add_ecc_and_interleave(data: &[u8], blocks: usize, ecc_per_block: usize) -> Vec<u8> {
    let short_len = data.len().checked_div(blocks).unwrap_or(0);
    let long_blocks = data.len().checked_rem(blocks).unwrap_or(0);
    let divisor = reed_solomon_divisor(ecc_per_block);
    let mut rest = data;
    let (mut data_blocks, mut ecc_blocks) = (Vec::new(), Vec::new());
    for i in 0..blocks {
        let len = short_len + usize::from(i + long_blocks >= blocks);
        let (block, tail) = rest.split_at(len.min(rest.len()));
        rest = tail;
        ecc_blocks.push(reed_solomon_remainder(block, &divisor));
        data_blocks.push(block);
    }
    let mut out = Vec::new();
    for i in 0..=short_len {
        data_blocks.iter().for_each(|block| out.extend(block.get(i)));
    }
    for i in 0..ecc_per_block {
        ecc_blocks.iter().for_each(|block| out.extend(block.get(i)));
    }
    out
}

/// Multiplication in GF(256) modulo x⁸ + x⁴ + x³ + x² + 1, the field QR codes use.
fn gf_multiply(x: u8, y: u8) -> u8 {
    let mut product = 0u8;
    for i in (0..8).rev() {
        product = (product << 1) ^ ((product >> 7) * 0x1D);
        product ^= ((y >> i) & 1) * x;
    }
    product
}

/// The generator polynomial (x - 1)(x - 2)(x - 2²)…, highest coefficient (always 1) dropped.
fn reed_solomon_divisor(degree: usize) -> Vec<u8> {
    let mut divisor = vec![0u8; degree.saturating_sub(1)];
    divisor.push(1);
    let mut root = 1u8;
    for _ in 0..degree {
        // Multiply by (x - root): each coefficient times root, plus the next one up.
        let next_ones = divisor.iter().skip(1).chain([&0]);
        divisor = divisor.iter().zip(next_ones).map(|(&c, &next)| gf_multiply(c, root) ^ next).collect();
        root = gf_multiply(root, 2);
    }
    divisor
}

/// The ECC codewords of one block: the remainder of data × x^degree divided by the generator.
fn reed_solomon_remainder(data: &[u8], divisor: &[u8]) -> Vec<u8> {
    let mut remainder = vec![0u8; divisor.len()];
    for &byte in data {
        let factor = byte ^ remainder.first().copied().unwrap_or(0);
        remainder =
            remainder.iter().skip(1).chain([&0]).zip(divisor).map(|(r, &d)| r ^ gf_multiply(d, factor)).collect();
    }
    remainder
}

/// The module grid while it is drawn. `function` marks finder, timing, alignment, format and
/// version modules, which data and masks leave alone. Coordinates are signed so patterns can be
/// drawn around a centre; modules off the grid are simply skipped.
#[derive(Clone)]
struct Grid {
    size: i32,
    dark: Vec<bool>,
    function: Vec<bool>,
}

impl Grid {
    fn new(version: u8) -> Grid {
        let size = 4 * i32::from(version) + 17;
        let modules = (size * size) as usize;
        Grid { size, dark: vec![false; modules], function: vec![false; modules] }
    }

    fn index(&self, x: i32, y: i32) -> Option<usize> {
        let on_grid = (0..self.size).contains(&x) && (0..self.size).contains(&y);
        on_grid.then(|| (y * self.size + x) as usize)
    }

    /// A module that data and masks may change: on the grid and not part of a pattern.
    fn data_module(&mut self, x: i32, y: i32) -> Option<&mut bool> {
        let i = self.index(x, y).filter(|&i| self.function.get(i) == Some(&false))?;
        self.dark.get_mut(i)
    }

    fn set_function(&mut self, x: i32, y: i32, dark: bool) {
        if let Some(i) = self.index(x, y) {
            if let (Some(module), Some(function)) = (self.dark.get_mut(i), self.function.get_mut(i)) {
                (*module, *function) = (dark, true);
            }
        }
    }

    /// Square rings around (`x`, `y`) out to `radius`, dark where `is_dark(ring)`.
    fn draw_rings(&mut self, x: i32, y: i32, radius: i32, is_dark: fn(i32) -> bool) {
        for dy in -radius..=radius {
            for dx in -radius..=radius {
                self.set_function(x + dx, y + dy, is_dark(dx.abs().max(dy.abs())));
            }
        }
    }

    fn draw_function_patterns(&mut self, version: u8) {
        let size = self.size;
        // Finders in three corners, with their light separators (rings 2 and 4 are light).
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            self.draw_rings(x, y, 4, |ring| ring != 2 && ring != 4);
        }
        // Alignment patterns on a grid of centres, except where a finder already is.
        let alignment_centres = alignment_centres(version, size);
        for &x in &alignment_centres {
            for &y in &alignment_centres {
                if self.data_module(x, y).is_some() {
                    self.draw_rings(x, y, 2, |ring| ring != 1);
                }
            }
        }
        // Timing patterns between the finders (they agree with the alignment patterns they cross).
        for i in 8..size - 8 {
            self.set_function(6, i, i % 2 == 0);
            self.set_function(i, 6, i % 2 == 0);
        }
        if version >= 7 {
            // The version number and its BCH(18, 6) check bits, near the top-right and bottom-left.
            let bits = with_bch_check(version.into(), 12, 0x1F25);
            for i in 0..18 {
                let (a, b) = (size - 11 + i % 3, i / 3);
                self.set_function(a, b, bits >> i & 1 != 0);
                self.set_function(b, a, bits >> i & 1 != 0);
            }
        }
        self.draw_format_bits(0); // reserves the format modules; each mask draws its own
    }

    /// The 15 format bits (level M = 00, the mask, BCH(15, 5) check bits, XOR 0x5412), twice.
    fn draw_format_bits(&mut self, mask: u8) {
        let bits = with_bch_check(mask.into(), 10, 0x537) ^ 0x5412;
        let size = self.size;
        for i in 0..15 {
            let dark = bits >> i & 1 != 0;
            // Around the top-left finder, stepping over the timing patterns.
            let (x, y) = match i {
                0..=5 => (8, i),
                6 => (8, 7),
                7 => (8, 8),
                8 => (7, 8),
                _ => (14 - i, 8),
            };
            self.set_function(x, y, dark);
            // Split between the top-right and bottom-left finders.
            let (x, y) = if i < 8 { (size - 1 - i, 8) } else { (8, size - 15 + i) };
            self.set_function(x, y, dark);
        }
        self.set_function(8, size - 8, true); // the module that is always dark
    }

    /// Codeword bits, most significant first, in two-column strips zigzagging up and down from
    /// the bottom-right corner; left-over modules stay light.
    fn place_codewords(&mut self, codewords: &[u8]) {
        let mut bits = codewords.iter().flat_map(|&byte| (0..8).rev().map(move |i| byte >> i & 1 != 0));
        let mut right = self.size - 1;
        while right >= 1 {
            if right == 6 {
                right = 5; // the vertical timing pattern is not part of any strip
            }
            let upward = (right + 1) & 2 == 0;
            for step in 0..self.size {
                let y = if upward { self.size - 1 - step } else { step };
                for x in [right, right - 1] {
                    if let Some(module) = self.data_module(x, y) {
                        *module = bits.next().unwrap_or(false);
                    }
                }
            }
            right -= 2;
        }
    }

    /// Flips the data modules where the mask's formula says so, and writes the format bits.
    fn with_mask(mut self, mask: u8) -> Grid {
        for y in 0..self.size {
            for x in 0..self.size {
                let flip = match mask {
                    0 => (x + y) % 2 == 0,
                    1 => y % 2 == 0,
                    2 => x % 3 == 0,
                    3 => (x + y) % 3 == 0,
                    4 => (x / 3 + y / 2) % 2 == 0,
                    5 => x * y % 2 + x * y % 3 == 0,
                    6 => (x * y % 2 + x * y % 3) % 2 == 0,
                    _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
                };
                if let Some(module) = self.data_module(x, y) {
                    *module ^= flip;
                }
            }
        }
        self.draw_format_bits(mask);
        self
    }

    /// The standard penalty (lower is easier to scan): long runs, 2×2 blocks, finder look-alikes
    /// and an unbalanced dark share. Computed exactly as the reference does, so both pick the
    /// same mask.
    fn penalty(&self) -> usize {
        let rows: Vec<&[bool]> = self.dark.chunks(self.size.max(1) as usize).collect();
        let columns = (0..rows.len()).map(|x| rows.iter().filter_map(|row| row.get(x).copied()).collect::<Vec<_>>());
        let mut score: usize = rows.iter().map(|row| line_penalty(row)).sum();
        score += columns.map(|column| line_penalty(&column)).sum::<usize>();
        for (top, bottom) in rows.iter().zip(rows.iter().skip(1)) {
            let squares = top.windows(2).zip(bottom.windows(2));
            score += 3 * squares.filter(|pair| matches!(pair, ([a, b], [c, d]) if a == b && b == c && c == d)).count();
        }
        // 10 points for each full 5% step that the dark share is away from 45%–55%.
        let dark = self.dark.iter().filter(|&&dark| dark).count();
        let total = self.dark.len();
        let steps = (dark * 20).abs_diff(total * 10).saturating_add(total - 1).checked_div(total).unwrap_or(0);
        score + 10 * steps.saturating_sub(1)
    }
}

/// `value` followed by its `degree` BCH check bits: the remainder of dividing by `generator`.
fn with_bch_check(value: u32, degree: u32, generator: u32) -> u32 {
    let mut remainder = value;
    for _ in 0..degree {
        remainder = (remainder << 1) ^ ((remainder >> (degree - 1)) * generator);
    }
    value << degree | remainder
}

/// The centres of the alignment patterns along either axis (none in version 1).
fn alignment_centres(version: u8, size: i32) -> Vec<i32> {
    if version < 2 {
        return Vec::new();
    }
    let count = i32::from(version) / 7 + 2;
    let step = (i32::from(version) * 8 + count * 3 + 5) / (count * 4 - 4) * 2;
    let mut centres: Vec<i32> = (0..count - 1).map(|i| size - 7 - i * step).collect();
    centres.push(6);
    centres
}

/// Penalty points of one row or column: 3 for a run of 5 same-colour modules and 1 for each
/// module beyond, and 40 for each dark-light-dark×3-light-dark (1:1:3:1:1) pattern with 4 light
/// modules on one side.
fn line_penalty(line: &[bool]) -> usize {
    let run_lengths = |line: &[bool]| line.chunk_by(|a, b| a == b).map(<[bool]>::len).collect::<Vec<_>>();
    let mut score = run_lengths(line).iter().filter(|&&run| run >= 5).map(|run| run - 2).sum();
    // Outside the line counts as light (the quiet zone): like the reference, add `size` light
    // modules at both ends. The runs then alternate light, dark, ..., light.
    let border = vec![false; line.len()];
    for window in run_lengths(&[&border, line, &border].concat()).windows(7).step_by(2) {
        if let [light_before, a, b, c, d, e, light_after] = *window {
            if b == a && c == 3 * a && d == a && e == a {
                let before = light_before >= 4 * a && light_after >= a;
                let after = light_after >= 4 * a && light_before >= a;
                score += 40 * (usize::from(before) + usize::from(after));
            }
        }
    }
    score
}
