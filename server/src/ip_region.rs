//! IP 属地 from an offline ip2region xdb database: the province shown under a comment comes
//! from a real lookup or is not shown at all.
//!
//! The xdb file (IPv4) is read into memory once at start-up and never changes afterwards, so
//! lookups need no lock and no I/O. Its layout, as written by the ip2region maker:
//!
//! - a 256-byte header: u16 structure version (2, or 3 with a u16 IP version at byte 16),
//!   u16 index policy, u32 creation time, u32 offsets of the first and of the last segment
//!   index entry;
//! - a vector index of 256 × 256 entries of 8 bytes, one per first two bytes of an address:
//!   u32 offset of the first segment index entry of that /16, u32 offset just past its last;
//! - the region strings (UTF-8), and the segment index: 14-byte entries (u32 first address,
//!   u32 last address, u16 region length, u32 region offset), sorted, never crossing a /16.
//!
//! All numbers are little-endian. The file is untrusted input: every read is bounds-checked and a
//! read outside the file, or a region that is not UTF-8, is "no region", never a panic.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

const HEADER_LEN: usize = 256;
const VECTOR_ENTRY_LEN: usize = 8;
const VECTOR_INDEX_LEN: usize = 256 * 256 * VECTOR_ENTRY_LEN;
const SEGMENT_ENTRY_LEN: usize = 14;

/// Where the province is in a region string; the ip2region data changed it with the structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// Structure 2 (`ip2region.xdb`): `国家|区域|省份|城市|ISP`.
    CountryAreaProvince,
    /// Structure 3, IPv4 (`ip2region_v4.xdb`): `国家|省份|城市|ISP|国家代码`.
    CountryProvinceCode,
}

/// A loaded ip2region database.
#[derive(PartialEq, Eq)]
pub struct IpRegionDb {
    data: Vec<u8>,
    layout: Layout,
    /// Offsets of the first and the last segment index entry, from the header: every pointer
    /// the vector index gives must lie in between.
    first_segment: usize,
    last_segment: usize,
}

/// Why a file is not a usable database. The server refuses to start with it: an operator who
/// names a database expects regions, and running without them would go unnoticed.
#[derive(Debug, PartialEq, Eq)]
pub enum IpDbError {
    File { path: PathBuf, reason: String },
    TooShort { len: usize },
    UnknownStructure(u16),
    NotIpv4 { ip_version: u16 },
    BadSegmentIndex { first: u32, last: u32 },
}

impl fmt::Display for IpDbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IpDbError::File { path, reason } => write!(f, "IP database {}: {reason}", path.display()),
            IpDbError::TooShort { len } => {
                write!(f, "not an ip2region xdb file: {len} bytes, shorter than its header and vector index")
            }
            IpDbError::UnknownStructure(v) => write!(f, "not an ip2region xdb file: unknown structure version {v}"),
            IpDbError::NotIpv4 { ip_version } => {
                write!(f, "an ip2region xdb file for IP version {ip_version}: only the IPv4 file is supported")
            }
            IpDbError::BadSegmentIndex { first, last } => {
                write!(f, "damaged ip2region xdb file: segment index from {first} to {last} is outside the file")
            }
        }
    }
}

impl std::error::Error for IpDbError {}

impl fmt::Debug for IpRegionDb {
    /// Not the 11 MB of data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IpRegionDb").field("bytes", &self.data.len()).field("layout", &self.layout).finish()
    }
}

impl IpRegionDb {
    /// Reads and checks the whole file.
    pub fn open(path: &Path) -> Result<Self, IpDbError> {
        let data =
            std::fs::read(path).map_err(|e| IpDbError::File { path: path.to_path_buf(), reason: e.to_string() })?;
        Self::from_bytes(data).map_err(|e| match e {
            IpDbError::File { .. } => e,
            other => IpDbError::File { path: path.to_path_buf(), reason: other.to_string() },
        })
    }

    /// Checks the header and where the segment index is; the entries themselves are checked as
    /// they are read.
    pub fn from_bytes(data: Vec<u8>) -> Result<Self, IpDbError> {
        if data.len() < HEADER_LEN + VECTOR_INDEX_LEN {
            return Err(IpDbError::TooShort { len: data.len() });
        }
        let header = Reader(&data);
        let layout = match header.u16_at(0) {
            Some(2) => Layout::CountryAreaProvince,
            Some(3) => match header.u16_at(16) {
                Some(4) => Layout::CountryProvinceCode,
                other => return Err(IpDbError::NotIpv4 { ip_version: other.unwrap_or(0) }),
            },
            other => return Err(IpDbError::UnknownStructure(other.unwrap_or(0))),
        };
        let (first, last) = (header.u32_at(8).unwrap_or(0), header.u32_at(12).unwrap_or(0));
        let (first_segment, last_segment) = (first as usize, last as usize);
        let fits = first_segment >= HEADER_LEN + VECTOR_INDEX_LEN
            && first_segment <= last_segment
            && (last_segment - first_segment) % SEGMENT_ENTRY_LEN == 0
            && last_segment.checked_add(SEGMENT_ENTRY_LEN).is_some_and(|end| end <= data.len());
        if !fits {
            return Err(IpDbError::BadSegmentIndex { first, last });
        }
        Ok(IpRegionDb { data, layout, first_segment, last_segment })
    }

    /// The region string the database has for `ip`, as stored (`中国|0|福建省|福州市|电信`).
    pub fn lookup(&self, ip: Ipv4Addr) -> Option<&str> {
        let data = Reader(&self.data);
        let [a, b, _, _] = ip.octets();
        let slot = HEADER_LEN + (usize::from(a) * 256 + usize::from(b)) * VECTOR_ENTRY_LEN;
        let start = data.u32_at(slot)? as usize;
        // One past the bucket's last entry (the maker writes last entry + 14).
        let end = data.u32_at(slot + 4)? as usize;
        // A /16 without entries has zero pointers; a hostile file may point anywhere: both are
        // refused here, so the search below only reads segment index entries.
        if start < self.first_segment
            || end < start
            || end > self.last_segment + SEGMENT_ENTRY_LEN
            || !(end - start).is_multiple_of(SEGMENT_ENTRY_LEN)
        {
            return None;
        }
        let ip = u32::from(ip);
        let (mut low, mut high) = (0, (end - start) / SEGMENT_ENTRY_LEN);
        while low < high {
            let middle = low + (high - low) / 2;
            let entry = start + middle * SEGMENT_ENTRY_LEN;
            if ip < data.u32_at(entry)? {
                high = middle;
            } else if ip > data.u32_at(entry + 4)? {
                low = middle + 1;
            } else {
                let len = usize::from(data.u16_at(entry + 8)?);
                let at = data.u32_at(entry + 10)? as usize;
                let bytes = self.data.get(at..at.checked_add(len)?)?;
                return std::str::from_utf8(bytes).ok();
            }
        }
        None
    }

    /// The IP 属地 to show for a client address: a province (福建), 香港/澳门/台湾, or 海外;
    /// `None` for addresses that are not public (loopback, private, link-local, reserved…) and
    /// for whatever the database does not place.
    pub fn region(&self, addr: IpAddr) -> Option<String> {
        // `::ffff:a.b.c.d` is an IPv4 client seen through an IPv6 socket.
        match addr.to_canonical() {
            IpAddr::V4(v4) if is_public_v4(v4) => display_region(self.lookup(v4)?, self.layout),
            IpAddr::V4(_) => None,
            // Only IPv4 databases are accepted (see `from_bytes`), so IPv6 clients are not placed.
            IpAddr::V6(_) => None,
        }
    }
}

/// Bounds-checked little-endian reads.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn u16_at(&self, at: usize) -> Option<u16> {
        let bytes = self.0.get(at..at.checked_add(2)?)?;
        Some(u16::from_le_bytes(bytes.try_into().ok()?))
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let bytes = self.0.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    }
}

/// Addresses no database can place: this host, private networks, CGNAT, link-local,
/// documentation and benchmarking ranges, multicast, broadcast and the reserved 240/4.
fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_documentation()
        || ip.is_multicast()
        || ip.is_broadcast()
        || a >= 240
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19)))
}

/// What readers see for a stored region string, or `None` when it places nobody: a Chinese
/// province without its suffix, 香港/澳门/台湾 by name, 海外 for any other country.
fn display_region(raw: &str, layout: Layout) -> Option<String> {
    let fields: Vec<&str> = raw.split('|').map(str::trim).collect();
    let field = |i: usize| fields.get(i).copied().filter(|f| known(f));
    let country = field(0)?;
    let province = field(match layout {
        Layout::CountryAreaProvince => 2,
        Layout::CountryProvinceCode => 1,
    });
    // Structure 3 ends with the ISO code, which names 香港/澳门/台湾 whatever the language.
    let code = match layout {
        Layout::CountryProvinceCode => field(4),
        Layout::CountryAreaProvince => None,
    };
    let special = match code {
        Some("HK") => Some("香港"),
        Some("MO") => Some("澳门"),
        Some("TW") => Some("台湾"),
        _ => ["香港", "澳门", "台湾"].into_iter().find(|name| country.starts_with(name)),
    };
    if let Some(name) = special {
        return Some(name.to_string());
    }
    if country == "中国" || code == Some("CN") {
        // A Chinese address without a province is not shown: 中国 is no 属地 and 海外 would be wrong.
        return province.and_then(short_province);
    }
    Some("海外".to_string())
}

/// `0` is the data's "unknown"; reserved and intranet ranges are labelled, not placed.
fn known(field: &str) -> bool {
    !matches!(field, "" | "0" | "Reserved" | "保留" | "保留地址" | "内网IP" | "本机地址" | "局域网")
}

/// 福建省 -> 福建, 北京市 -> 北京, 广西壮族自治区 -> 广西, 香港特别行政区 -> 香港: the short
/// names Chinese sites show after IP属地：.
fn short_province(name: &str) -> Option<String> {
    const SUFFIXES: [&str; 7] = ["特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"];
    let short = SUFFIXES.iter().find_map(|suffix| name.strip_suffix(suffix)).unwrap_or(name);
    (!short.is_empty()).then(|| short.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_are_shortened() {
        let v2 = Layout::CountryAreaProvince;
        let show = |raw: &str| display_region(raw, v2);
        assert_eq!(show("中国|0|福建省|福州市|电信").as_deref(), Some("福建"));
        assert_eq!(show("中国|0|广西壮族自治区|0|0").as_deref(), Some("广西"));
        assert_eq!(show("中国|0|北京市|北京市|0").as_deref(), Some("北京"));
        assert_eq!(show("中国|0|新疆维吾尔自治区|乌鲁木齐市|联通").as_deref(), Some("新疆"));
        assert_eq!(show("中国|0|宁夏回族自治区|0|0").as_deref(), Some("宁夏"));
        assert_eq!(show("中国|0|内蒙古自治区|0|0").as_deref(), Some("内蒙古"));
        assert_eq!(show("中国|0|西藏|拉萨市|0").as_deref(), Some("西藏"), "already short");
        assert_eq!(show("中国|0|香港|0|0").as_deref(), Some("香港"));
        assert_eq!(show("中国|0|台湾省|0|0").as_deref(), Some("台湾"));
        assert_eq!(show("澳门|0|澳门|0|0").as_deref(), Some("澳门"));
        assert_eq!(show("美国|0|0|0|Level3").as_deref(), Some("海外"));
        assert_eq!(show("日本|0|东京|0|0").as_deref(), Some("海外"), "foreign provinces are not shown");
    }

    #[test]
    fn structure_3_puts_the_province_second() {
        let show = |raw: &str| display_region(raw, Layout::CountryProvinceCode);
        assert_eq!(show("中国|广东省|深圳市|电信|CN").as_deref(), Some("广东"));
        assert_eq!(show("中国|香港特别行政区|0|0|HK").as_deref(), Some("香港"));
        assert_eq!(show("Hong Kong|0|0|0|HK").as_deref(), Some("香港"));
        assert_eq!(show("United States|California|0|Google LLC|US").as_deref(), Some("海外"));
        assert_eq!(show("Reserved|Reserved|Reserved|0|0"), None);
    }

    #[test]
    fn unknown_places_are_not_shown() {
        let v2 = Layout::CountryAreaProvince;
        for raw in ["0|0|0|0|0", "", "|||", "0|0|0|内网IP|内网IP", "中国|0|0|0|电信", "中国", "中国|0|省|0|0"]
        {
            assert_eq!(display_region(raw, v2), None, "{raw:?}");
        }
    }

    #[test]
    fn only_public_addresses_are_looked_up() {
        for private in ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.9", "169.254.1.1", "100.64.0.1", "0.0.0.0"] {
            assert!(!is_public_v4(private.parse().expect("address")), "{private}");
        }
        for reserved in ["240.0.0.1", "255.255.255.255", "224.0.0.1", "192.0.2.1", "198.18.0.1", "192.0.0.8"] {
            assert!(!is_public_v4(reserved.parse().expect("address")), "{reserved}");
        }
        for public in ["1.0.1.0", "8.8.8.8", "36.0.0.1", "100.128.0.1", "223.5.5.5"] {
            assert!(is_public_v4(public.parse().expect("address")), "{public}");
        }
    }

    #[test]
    fn bad_headers_are_errors() {
        let mut data = vec![0u8; HEADER_LEN + VECTOR_INDEX_LEN + SEGMENT_ENTRY_LEN];
        assert_eq!(IpRegionDb::from_bytes(data.clone()), Err(IpDbError::UnknownStructure(0)));
        data[0] = 3;
        data[16] = 6;
        assert_eq!(IpRegionDb::from_bytes(data.clone()), Err(IpDbError::NotIpv4 { ip_version: 6 }));
        data[0] = 2;
        assert_eq!(IpRegionDb::from_bytes(data.clone()), Err(IpDbError::BadSegmentIndex { first: 0, last: 0 }));
        let index = (HEADER_LEN + VECTOR_INDEX_LEN) as u32;
        data[8..12].copy_from_slice(&index.to_le_bytes());
        data[12..16].copy_from_slice(&(index + 14).to_le_bytes());
        assert_eq!(
            IpRegionDb::from_bytes(data.clone()),
            Err(IpDbError::BadSegmentIndex { first: index, last: index + 14 }),
            "the last entry would end past the file"
        );
        data[12..16].copy_from_slice(&index.to_le_bytes());
        assert!(IpRegionDb::from_bytes(data).is_ok());
        assert_eq!(IpRegionDb::from_bytes(vec![2, 0]), Err(IpDbError::TooShort { len: 2 }));
    }
}
