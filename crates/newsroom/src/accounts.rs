//! The officers who may sign in: their names, roles and password hashes (Argon2id), kept
//! in `users.toml` in the newsroom's data folder (written whole to a new file, then
//! renamed over the old one, so a crash never leaves half a file).

use std::path::{Path, PathBuf};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};

/// What an officer may do. Every rule is checked by the server ([`Role::may`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Phóng viên: writes and submits.
    PhongVien,
    /// Biên tập / duyệt: edits, approves, publishes, returns with a comment.
    BienTap,
    /// Quản trị: users, sections, site settings (and everything a biên tập does).
    QuanTri,
}

/// Things an officer asks the server to do, each allowed to some roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    ManageUsers,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::PhongVien, Role::BienTap, Role::QuanTri];

    /// The role's name as officers read it.
    pub fn label(self) -> &'static str {
        match self {
            Role::PhongVien => "Phóng viên",
            Role::BienTap => "Biên tập / duyệt",
            Role::QuanTri => "Quản trị",
        }
    }

    /// The role's name in forms and in `users.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Role::PhongVien => "phong-vien",
            Role::BienTap => "bien-tap",
            Role::QuanTri => "quan-tri",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn may(self, action: Action) -> bool {
        match action {
            Action::ManageUsers => self == Role::QuanTri,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct User {
    /// Tên đăng nhập: lower-case ASCII letters, digits, `.`, `_`, `-`.
    pub name: String,
    /// Họ tên, as shown in the newsroom.
    pub display: String,
    pub role: Role,
    /// Argon2id, in the PHC string format.
    pub hash: String,
    /// The password was given by someone else (the first start, an administrator): it
    /// must be changed at the next sign-in.
    #[serde(default)]
    pub must_change: bool,
    /// Locked by a quản trị (an officer who left the office): cannot sign in, and their
    /// sessions ended when it was locked. Their articles and history stay.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

#[derive(Default, Serialize, Deserialize)]
struct File {
    #[serde(default, rename = "user")]
    users: Vec<User>,
}

pub struct Accounts {
    path: PathBuf,
    users: Vec<User>,
    /// A hash checked when the name is unknown, so a wrong name takes as long as a
    /// wrong password (no way to learn who has an account by timing).
    decoy: String,
}

/// Why an account could not be made or changed, in Vietnamese.
pub type Refusal = String;

/// Passwords officers choose are at least this long.
pub const MIN_PASSWORD_CHARS: usize = 10;

impl Accounts {
    /// Reads `users.toml` in `data`. No file yet: no accounts (the first start). A file
    /// that cannot be read, or holds no account (e.g. emptied by a crash), is an error:
    /// starting anew would hand the newsroom to whoever reads the next one-time password.
    pub fn open(data: &Path) -> Result<Accounts, String> {
        let path = data.join("users.toml");
        let file: File = match std::fs::read_to_string(&path) {
            Ok(text) => {
                let file: File =
                    toml::from_str(&text).map_err(|e| format!("{} không đọc được: {e}", path.display()))?;
                if file.users.is_empty() {
                    return Err(format!(
                        "{} không có tài khoản nào. Hãy khôi phục tệp này từ bản sao lưu, \
                         hoặc xóa nó để tạo lại tài khoản quản trị đầu tiên.",
                        path.display()
                    ));
                }
                file
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => File::default(),
            Err(e) => return Err(format!("{} không đọc được: {e}", path.display())),
        };
        Ok(Accounts {
            path,
            users: file.users,
            decoy: hash(&one_time_password()),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    pub fn users(&self) -> &[User] {
        &self.users
    }

    pub fn get(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }

    /// The hash a password for `name` is checked against ([`verify`], outside any lock:
    /// it takes a while on purpose): theirs, or a decoy when there is no such user.
    pub fn hash_for(&self, name: &str) -> String {
        self.get(name)
            .map_or_else(|| self.decoy.clone(), |u| u.hash.clone())
    }

    /// Checks a new account's name and display name; returns them as stored.
    pub fn check_new(&self, name: &str, display: &str) -> Result<(String, String), Refusal> {
        let name = name.trim().to_lowercase();
        let display = display.trim();
        if !is_user_name(&name) {
            return Err(
                "Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số và dấu . _ - (tối đa 32 ký tự).".into(),
            );
        }
        if display.is_empty() || display.chars().count() > 80 || display.chars().any(hidden) {
            return Err(
                "Họ tên không được để trống, dài tối đa 80 ký tự và không chứa ký tự điều khiển.".into(),
            );
        }
        if self.get(&name).is_some() {
            return Err(format!("Tên đăng nhập “{name}” đã có người dùng."));
        }
        Ok((name, display.to_string()))
    }

    /// Adds an account (checked by [`Accounts::check_new`], its hash made outside any
    /// lock); kept only once it is saved.
    pub fn add(&mut self, user: User) -> Result<(), Refusal> {
        if self.get(&user.name).is_some() {
            return Err(format!("Tên đăng nhập “{}” đã có người dùng.", user.name));
        }
        let mut users = self.users.clone();
        users.push(user);
        self.save(users)
            .map_err(|e| format!("Không lưu được tài khoản: {e}"))
    }

    /// Sets `name`'s password hash: of a password they chose, or (`given`) of a one-time
    /// password someone gave them, to be changed at the next sign-in. Kept only once
    /// saved.
    pub fn set_hash(&mut self, name: &str, hash: String, given: bool) -> Result<(), Refusal> {
        let mut users = self.users.clone();
        let user = users
            .iter_mut()
            .find(|u| u.name == name)
            .ok_or("Tài khoản không còn tồn tại.")?;
        user.hash = hash;
        user.must_change = given;
        self.save(users)
            .map_err(|e| format!("Không lưu được mật khẩu: {e}"))
    }

    /// Sets `name`'s role and whether the account is locked; kept only once saved.
    pub fn set_role(&mut self, name: &str, role: Role, disabled: bool) -> Result<(), Refusal> {
        let mut users = self.users.clone();
        let user = users
            .iter_mut()
            .find(|u| u.name == name)
            .ok_or("Không có người dùng này.")?;
        user.role = role;
        user.disabled = disabled;
        self.save(users)
            .map_err(|e| format!("Không lưu được tài khoản: {e}"))
    }

    /// Writes `users` whole to a new file readable by the newsroom's user only, flushes
    /// it to disk, renames it over the old one and flushes the folder; then keeps them.
    fn save(&mut self, users: Vec<User>) -> std::io::Result<()> {
        use std::io::Write;
        let text = toml::to_string(&File { users: users.clone() }).map_err(std::io::Error::other)?;
        let tmp = self.path.with_extension("toml.new");
        let mut f = private_file(&tmp, false)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &self.path)?;
        if let Some(dir) = self.path.parent() {
            std::fs::File::open(dir)?.sync_all()?;
        }
        self.users = users;
        Ok(())
    }
}

/// A one-time password and its hash. Hashing takes a while on purpose: call it outside
/// any lock.
pub fn given_password() -> (String, String) {
    let password = one_time_password();
    (password.clone(), hash(&password))
}

/// A new account with a one-time password (returned, to be shown once).
pub fn new_user(name: String, display: String, role: Role) -> (User, String) {
    let (password, hash) = given_password();
    let user = User {
        name,
        display,
        role,
        hash,
        must_change: true,
        disabled: false,
    };
    (user, password)
}

/// The hash of a password an officer chose for themselves, unless it is too short or
/// the one they have (`old`). Slow on purpose: call it outside any lock.
pub fn chosen_password(old: &str, password: &str) -> Result<String, Refusal> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!("Mật khẩu mới cần ít nhất {MIN_PASSWORD_CHARS} ký tự."));
    }
    if verify(old, password) {
        return Err("Mật khẩu mới phải khác mật khẩu cũ.".into());
    }
    Ok(hash(password))
}

/// Tên đăng nhập: 1–32 lower-case ASCII letters, digits, `.`, `_`, `-`.
pub fn is_user_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}

/// Characters that do not show, or change how the text around them shows: controls,
/// bidirectional overrides and isolates, zero-width characters, line separators.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}'
            | '\u{061C}' | '\u{FEFF}')
}

/// A file only the newsroom's user can read and write (Argon2 hashes, the log).
pub(crate) fn private_file(path: &Path, append: bool) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true);
    if append {
        o.append(true);
    } else {
        o.truncate(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

/// Argon2id with the library's defaults (RFC 9106's second recommendation: 19 MiB, two
/// passes), as a PHC string.
fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 with its default parameters hashes any password")
        .to_string()
}

/// Whether `password` matches `hash` (a PHC string).
pub fn verify(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Twelve characters an officer can read out and type without confusion (no 0/O, 1/l/I):
/// about 70 bits.
pub fn one_time_password() -> String {
    const LETTERS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 12];
    OsRng.fill_bytes(&mut bytes);
    // 256 is not a multiple of 56: draw again where a byte would favour some letters.
    bytes
        .iter()
        .map(|&b| {
            let mut b = b;
            while usize::from(b) >= 256 - 256 % LETTERS.len() {
                let mut one = [0u8; 1];
                OsRng.fill_bytes(&mut one);
                b = one[0];
            }
            char::from(LETTERS[usize::from(b) % LETTERS.len()])
        })
        .collect()
}

/// A random token for sessions and forms: 32 bytes, hex.
pub fn token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
