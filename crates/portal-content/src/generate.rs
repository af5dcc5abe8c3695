//! A synthetic corpus for benchmarks and scale tests: `portal-content generate`
//! writes N articles of Vietnamese local-government news (made of phrases written for
//! this purpose, combined at random with a fixed seed) into a content folder of its own,
//! with documents (each with a small PDF) for the library. Realistic lengths (150–900
//! words), five sections or more, dates over ten years, dash lists, and the vocabulary
//! search must handle: tone marks, đ, near-homographs (mía/mịa, dân/dần/dẫn,
//! đường/dương). The files are plain Markdown with TOML front matter, so other site
//! generators (Hugo, in `cargo xtask bench-build`) can read the same articles.

use std::fmt::Write as _;
use std::path::Path;

const SECTIONS: [(&str, &str); 5] = [
    ("su-kien-noi-bat", "Sự kiện nổi bật"),
    ("kinh-te-nong-nghiep", "Kinh tế – Nông nghiệp"),
    ("van-hoa-xa-hoi", "Văn hóa – Xã hội"),
    ("y-te-giao-duc", "Y tế – Giáo dục"),
    ("thong-bao", "Thông báo"),
];

const PLACES: [&str; 16] = [
    "xã Thạnh Yên",
    "xã Thạnh Yên A",
    "xã An Minh Bắc",
    "xã Minh Thuận",
    "xã Vĩnh Hòa",
    "xã Hòa Chánh",
    "ấp Cạnh Đền",
    "ấp Xẻo Đước",
    "ấp Kênh Mới",
    "ấp Vàm Chợ",
    "thị trấn",
    "khu vực rừng tràm",
    "vùng đệm Vườn quốc gia",
    "kênh Chống Mỹ",
    "ấp Đường Xuồng",
    "ấp Dương Văn Dương",
];

const SUBJECTS: [&str; 24] = [
    "Ủy ban nhân dân huyện",
    "Ban Thường vụ Huyện ủy",
    "Hội Nông dân huyện",
    "Hội Liên hiệp Phụ nữ huyện",
    "Huyện đoàn",
    "Trung tâm Y tế huyện",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "Ban Chỉ huy Quân sự huyện",
    "Công an huyện",
    "Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
    "Hội Cựu chiến binh",
    "Đảng ủy xã",
    "Chi bộ ấp",
    "Hợp tác xã nông nghiệp",
    "Trạm Khuyến nông",
    "Hạt Kiểm lâm",
    "Đội dân phòng",
    "Ban Dân vận Huyện ủy",
    "Phòng Văn hóa và Thông tin",
    "Hội Chữ thập đỏ",
    "Ngân hàng Chính sách xã hội",
    "Đoàn công tác của tỉnh",
    "Bệnh viện Đa khoa huyện",
];

const ACTIONS: [&str; 20] = [
    "tổ chức",
    "triển khai",
    "ra quân",
    "sơ kết",
    "tổng kết",
    "phát động",
    "kiểm tra",
    "khảo sát",
    "hỗ trợ",
    "trao tặng",
    "khánh thành",
    "khởi công",
    "tập huấn",
    "tuyên truyền về",
    "đẩy mạnh",
    "nhân rộng",
    "đánh giá",
    "thông qua",
    "giám sát",
    "vận động",
];

const OBJECTS: [&str; 40] = [
    "hội nghị tổng kết phong trào “Dân vận khéo”",
    "chiến dịch tiêm chủng vắc xin sởi – rubella",
    "mô hình trồng mía trên đất phèn",
    "mô hình tôm – lúa",
    "công tác phòng cháy, chữa cháy rừng tràm",
    "tuyến đường giao thông nông thôn",
    "cây cầu bê tông liên ấp",
    "chương trình xây dựng nông thôn mới",
    "kế hoạch chuyển đổi số",
    "công tác cải cách hành chính",
    "lớp tập huấn kỹ thuật canh tác lúa",
    "vụ lúa Đông Xuân",
    "vụ lúa Hè Thu",
    "mô hình trồng khóm xen dừa",
    "hoạt động khuyến học",
    "giải bóng đá thiếu niên",
    "lễ hội văn hóa dân gian",
    "nhà đại đoàn kết cho hộ nghèo",
    "công tác bảo đảm an ninh trật tự",
    "chiến dịch diệt lăng quăng phòng sốt xuất huyết",
    "kỳ thi tốt nghiệp trung học phổ thông",
    "đợt khám sức khỏe cho người cao tuổi",
    "cuộc diễn tập khu vực phòng thủ",
    "lễ giao nhận quân",
    "tháng hành động vì an toàn thực phẩm",
    "chương trình nước sạch nông thôn",
    "dự án nạo vét kênh thủy lợi",
    "đê bao chống xâm nhập mặn",
    "đề án phát triển du lịch sinh thái",
    "phong trào toàn dân đoàn kết xây dựng đời sống văn hóa",
    "công tác tiếp công dân",
    "việc cấp giấy chứng nhận quyền sử dụng đất",
    "hội thi cán bộ đoàn giỏi",
    "quỹ vì người nghèo",
    "mô hình nuôi cua trong ruộng lúa",
    "hợp tác xã liên kết bao tiêu sản phẩm",
    "sản phẩm OCOP của địa phương",
    "trường học đạt chuẩn quốc gia",
    "công tác phòng chống dịch bệnh trên đàn gia súc",
    "ngày hội đại đoàn kết",
];

const OPENINGS: [&str; 12] = [
    "Sáng nay",
    "Chiều qua",
    "Trong tuần qua",
    "Thời gian qua",
    "Từ đầu năm đến nay",
    "Nhằm thực hiện kế hoạch năm",
    "Theo báo cáo của ngành chức năng",
    "Tại buổi làm việc",
    "Phát biểu tại hội nghị",
    "Để chuẩn bị cho mùa khô",
    "Qua kiểm tra thực tế",
    "Dịp này",
];

const DETAILS: [&str; 24] = [
    "đã thu hút đông đảo cán bộ, đảng viên và nhân dân tham gia",
    "góp phần nâng cao thu nhập cho bà con nông dân",
    "nhiều hộ dân đã hiến đất, đóng góp ngày công làm đường",
    "đạt và vượt chỉ tiêu nghị quyết đề ra",
    "tỷ lệ hộ nghèo giảm đáng kể so với cùng kỳ",
    "lực lượng chức năng thường xuyên tuần tra, kiểm soát",
    "giá mía và giá lúa ổn định giúp người dân phấn khởi",
    "người dân được hướng dẫn cách phòng bệnh tại nhà",
    "các trường học đã hoàn thành việc sửa chữa phòng học",
    "công trình được đưa vào sử dụng đúng tiến độ",
    "nhiều tập thể và cá nhân được biểu dương, khen thưởng",
    "đường làng ngõ xóm ngày càng sáng, xanh, sạch, đẹp",
    "nguồn nước tưới được bảo đảm cho hơn một nghìn héc-ta lúa",
    "đội ngũ cán bộ cơ sở được nâng cao năng lực",
    "mô hình mới đang được nhân rộng ra các xã lân cận",
    "các hộ trồng khóm, trồng dừa có thêm nguồn thu ổn định",
    "tình hình an ninh chính trị, trật tự an toàn xã hội được giữ vững",
    "hồ sơ thủ tục hành chính được giải quyết đúng hạn",
    "các em học sinh có hoàn cảnh khó khăn được tặng học bổng",
    "việc dẫn nước vào ruộng được thực hiện theo lịch thời vụ",
    "dân vận khéo đã trở thành nếp làm việc của cán bộ cơ sở",
    "bà con dần thay đổi tập quán canh tác lạc hậu",
    "lực lượng đoàn viên thanh niên là nòng cốt trong các phong trào",
    "chính quyền địa phương sẽ tiếp tục theo dõi, hỗ trợ",
];

const QUOTES: [&str; 6] = [
    "Phải lấy dân làm gốc, việc gì có lợi cho dân thì hết sức làm",
    "Mỗi cán bộ phải sâu sát cơ sở, lắng nghe ý kiến nhân dân",
    "Kết quả hôm nay là nền tảng để tiếp tục phấn đấu trong thời gian tới",
    "Chúng tôi mong các ngành tiếp tục đồng hành cùng người dân",
    "Nông thôn mới phải đi vào chiều sâu, bền vững",
    "Không để ai bị bỏ lại phía sau",
];

const ORDINALS: [&str; 5] = ["Một là", "Hai là", "Ba là", "Bốn là", "Năm là"];

/// A small, fixed-seed generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn sentence(r: &mut Rng) -> String {
    match r.below(4) {
        0 => format!(
            "{}, {} {} {} tại {}.",
            r.pick(&OPENINGS),
            r.pick(&SUBJECTS),
            r.pick(&ACTIONS),
            r.pick(&OBJECTS),
            r.pick(&PLACES)
        ),
        1 => format!("{}, {}.", capitalise(r.pick(&OBJECTS)), r.pick(&DETAILS)),
        2 => format!("Tại {}, {}.", r.pick(&PLACES), r.pick(&DETAILS)),
        _ => format!(
            "{} cho biết {}, {}.",
            r.pick(&SUBJECTS),
            r.pick(&DETAILS),
            r.pick(&DETAILS)
        ),
    }
}

/// The slug and name of section `i`: the five of a district portal, then numbered ones.
fn section(i: usize) -> (String, String) {
    match SECTIONS.get(i) {
        Some((slug, name)) => (slug.to_string(), name.to_string()),
        None => (format!("chuyen-muc-{}", i + 1), format!("Chuyên mục {}", i + 1)),
    }
}

fn article(r: &mut Rng, id: usize, sections: usize) -> String {
    let (section, _) = section(r.below(sections));
    let title = format!(
        "{} {} {} {}",
        r.pick(&SUBJECTS),
        r.pick(&ACTIONS),
        r.pick(&OBJECTS),
        r.pick(&PLACES)
    );
    // Ten years, minutes apart, +07:00.
    let year = 2015 + r.below(11);
    let (month, day, hour, minute) = (1 + r.below(12), 1 + r.below(28), 6 + r.below(14), r.below(60));
    let mut body = String::new();
    let paragraphs = 3 + r.below(10);
    for p in 0..paragraphs {
        if p == paragraphs / 2 && r.below(3) == 0 {
            let items = 3 + r.below(3);
            body.push_str("Thời gian tới, địa phương tập trung các nhiệm vụ:\n\n");
            for ordinal in ORDINALS.iter().take(items) {
                let _ = write!(
                    body,
                    "- {ordinal}, {} {}.\n\n",
                    r.pick(&ACTIONS),
                    r.pick(&OBJECTS)
                );
            }
            continue;
        }
        if r.below(6) == 0 {
            let _ = write!(
                body,
                "Phát biểu tại buổi làm việc, lãnh đạo huyện nhấn mạnh: “{}”.\n\n",
                r.pick(&QUOTES)
            );
            continue;
        }
        let sentences = 2 + r.below(5);
        let text: Vec<String> = (0..sentences).map(|_| sentence(r)).collect();
        body.push_str(&text.join(" "));
        body.push_str("\n\n");
    }
    format!(
        "+++\ntitle = \"{title}\"\npublished = {year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:00+07:00\ncategory = \"{section}\"\nslug = \"tin-{id}-{}\"\n+++\n\n{body}",
        portal_core::slugify(&title).chars().take(60).collect::<String>().trim_end_matches('-')
    )
}

/// Types of document, and issuing bodies with their number codes.
const KINDS: [(&str, &str); 6] = [
    ("Quyết định", "QĐ"),
    ("Công văn", "CV"),
    ("Kế hoạch", "KH"),
    ("Thông báo", "TB"),
    ("Báo cáo", "BC"),
    ("Nghị quyết", "NQ"),
];
const BODIES: [(&str, &str); 6] = [
    ("Ủy ban nhân dân huyện", "UBND"),
    ("Huyện ủy", "HU"),
    ("Hội đồng nhân dân huyện", "HĐND"),
    ("Văn phòng HĐND và UBND huyện", "VP"),
    ("Phòng Nông nghiệp và Phát triển nông thôn", "NN"),
    ("Phòng Giáo dục và Đào tạo", "GDĐT"),
];
const SIGNERS: [&str; 5] = [
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Minh Châu",
    "Phạm Quốc Dũng",
    "Huỳnh Thị Mỹ Duyên",
];
/// Attachments the documents share (each a small PDF).
const FILES: usize = 16;

fn document(r: &mut Rng, n: usize) -> String {
    let (kind, kind_code) = KINDS[r.below(KINDS.len())];
    let (body, body_code) = BODIES[r.below(BODIES.len())];
    let year = 2015 + r.below(11);
    let (month, day) = (1 + r.below(12), 1 + r.below(28));
    // Numbers start again each year: n is unique within the whole corpus.
    format!(
        "+++\nso_ky_hieu = \"{n}/{kind_code}-{body_code}\"\nloai = \"{kind}\"\nco_quan = \"{body}\"\nngay_ban_hanh = {year:04}-{month:02}-{day:02}\nnguoi_ky = \"{}\"\ntrich_yeu = \"Về việc {} {} tại {}\"\nfiles = [\"tep-{:02}.pdf\"]\n+++\n",
        r.pick(&SIGNERS),
        r.pick(&ACTIONS),
        r.pick(&OBJECTS).replace('"', "'"),
        r.pick(&PLACES),
        r.below(FILES)
    )
}

/// How large a corpus to write.
#[derive(Clone, Copy, Debug)]
pub struct Corpus {
    pub articles: usize,
    pub documents: usize,
    pub sections: usize,
    pub seed: u64,
}

/// Writes the corpus (and a `site.toml`) into `out`, replacing what was there.
pub fn generate(out: &Path, corpus: Corpus) -> std::io::Result<()> {
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    let articles = out.join("articles");
    std::fs::create_dir_all(&articles)?;
    let sections = corpus.sections.max(1);
    let mut site = String::from(
        "name = \"Cổng thông tin điện tử huyện Mẫu (kho bài tổng hợp)\"\nunit_name = \"Ủy ban nhân dân huyện Mẫu\"\nunit_type = \"huyện\"\ndescription = \"Kho bài viết tổng hợp để đo hiệu năng và thử quy mô.\"\nbase_url = \"https://mau.example.gov.vn\"\nsample_content = true\n\n[contact]\naddress = \"Khu hành chính huyện Mẫu\"\nphone = \"0297 000 0000\"\nemail = \"ubnd@mau.example.gov.vn\"\n",
    );
    for i in 0..sections {
        let (slug, name) = section(i);
        let _ = write!(site, "\n[[sections]]\nslug = \"{slug}\"\nname = \"{name}\"\n");
    }
    std::fs::write(out.join("site.toml"), site)?;
    let mut r = Rng(corpus.seed.max(1));
    for id in 0..corpus.articles {
        std::fs::write(
            articles.join(format!("tin-{id:06}.md")),
            article(&mut r, id, sections),
        )?;
    }
    if corpus.documents > 0 {
        let (docs, files) = (out.join("documents"), out.join("files"));
        std::fs::create_dir_all(&docs)?;
        std::fs::create_dir_all(&files)?;
        for f in 0..FILES {
            let pdf = format!("%PDF-1.4\n% Tệp đính kèm mẫu số {f} của kho tổng hợp.\n%%EOF\n");
            std::fs::write(files.join(format!("tep-{f:02}.pdf")), pdf)?;
        }
        for n in 0..corpus.documents {
            std::fs::write(docs.join(format!("vb-{n:06}.md")), document(&mut r, n + 1))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_corpus_is_valid_content() {
        let dir = std::env::temp_dir().join(format!("portal-corpus-{}", std::process::id()));
        let corpus = Corpus {
            articles: 60,
            documents: 30,
            sections: 7,
            seed: 7,
        };
        generate(&dir, corpus).unwrap();
        let content = crate::load(&dir).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(content.articles.len(), 60);
        assert_eq!(content.documents.len(), 30);
        assert_eq!(content.site.sections.len(), 7);
        let words: usize = content
            .articles
            .iter()
            .map(|a| portal_core::api::Block::plain(&a.body).split_whitespace().count())
            .sum();
        assert!(words / 60 > 150, "{} words per article", words / 60);
        // Same seed, same corpus.
        let again = std::env::temp_dir().join(format!("portal-corpus-{}-b", std::process::id()));
        generate(&again, corpus).unwrap();
        assert_eq!(
            std::fs::read(dir.join("articles/tin-000042.md")).unwrap(),
            std::fs::read(again.join("articles/tin-000042.md")).unwrap()
        );
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(&again).unwrap();
    }
}
