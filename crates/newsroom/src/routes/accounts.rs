//! Signing in and out, passwords, and the accounts quản trị keeps.

use super::*;
use crate::accounts::{self, Role};
use crate::sessions::Attempt;

/// A sign-in form, paired with this browser by a cookie holding its token.
fn sign_in_form(newsroom: &Newsroom, status: StatusCode, name: &str, message: Option<&str>) -> Response {
    sign_in_form_with(newsroom, accounts::token(), status, name, message)
}

fn sign_in_form_with(
    newsroom: &Newsroom,
    token: String,
    status: StatusCode,
    name: &str,
    message: Option<&str>,
) -> Response {
    let cookie = set_cookie(newsroom, SIGN_IN, token.clone(), false);
    (status, [cookie], pages::sign_in(&token, name, message)).into_response()
}

pub(super) async fn sign_in_page(State(newsroom): State<Arc<Newsroom>>, headers: HeaderMap) -> Response {
    let signed_in = cookie_value(&headers, &cookie_name(&newsroom, SESSION))
        .is_some_and(|t| newsroom.sessions().get(&t).is_some());
    if signed_in {
        return see_other("/");
    }
    // The same pairing for every sign-in page this browser opens (another tab, a page
    // sent here on the way) until one is used: the form on screen stays valid.
    let token = cookie_value(&headers, &cookie_name(&newsroom, SIGN_IN))
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(accounts::token);
    sign_in_form_with(&newsroom, token, StatusCode::OK, "", None)
}

#[derive(Deserialize)]
pub(super) struct SignIn {
    /// Missing: refused as a wrong token is (403), not as a malformed form.
    #[serde(default)]
    csrf: String,
    name: String,
    password: String,
}

pub(super) async fn sign_in(
    State(newsroom): State<Arc<Newsroom>>,
    Client(client): Client,
    headers: HeaderMap,
    f: Result<Form<SignIn>, FormRejection>,
) -> Result<Response, Stop> {
    let f = form(f)?;
    let again = |status, message| Ok(sign_in_form(&newsroom, status, &f.name, Some(message)));
    let paired = !f.csrf.is_empty()
        && cookie_value(&headers, &cookie_name(&newsroom, SIGN_IN)).is_some_and(|t| same(&t, &f.csrf));
    if !paired {
        return again(StatusCode::FORBIDDEN, STALE_FORM);
    }
    let wrong = "Tên đăng nhập hoặc mật khẩu không đúng.";
    let name = f.name.trim().to_lowercase();
    // A name no account can have is wrong without a check (the rule is public), and is
    // neither counted nor logged as written.
    if !accounts::is_user_name(&name) {
        return again(StatusCode::UNAUTHORIZED, wrong);
    }
    let attempt = Attempt::new(&name, &client);
    if !newsroom.throttle().attempt(&attempt) {
        newsroom.log.record("", &client, "đăng nhập bị tạm khóa", &name);
        let message = "Đăng nhập sai quá nhiều lần nên đang tạm khóa. Vui lòng thử lại sau 15 phút, \
                       hoặc nhờ người quản trị giúp.";
        return again(StatusCode::TOO_MANY_REQUESTS, message);
    }
    let hash = newsroom.accounts().hash_for(&name);
    let password = f.password.clone();
    let Some(right) = newsroom.hashing(move || accounts::verify(&hash, &password)).await else {
        return again(StatusCode::SERVICE_UNAVAILABLE, BUSY);
    };
    let user = newsroom.accounts().get(&name).cloned().filter(|_| right);
    let Some(user) = user else {
        newsroom.log.record("", &client, "đăng nhập sai", &name);
        return again(StatusCode::UNAUTHORIZED, wrong);
    };
    newsroom.throttle().succeeded(&attempt);
    // Said only to who knows the password: a locked account is not told to guessers.
    if user.disabled {
        newsroom
            .log
            .record(&user.name, &client, "đăng nhập: tài khoản đã khóa", "");
        return again(
            StatusCode::FORBIDDEN,
            "Tài khoản này đã bị khóa. Nếu bạn vẫn làm việc ở đây, hãy nhờ người quản trị mở lại.",
        );
    }
    let token = newsroom.sessions().start(&user.name);
    newsroom.log.record(&user.name, &client, "đăng nhập", "");
    let to = if user.must_change { "/mat-khau" } else { "/" };
    // Appended: an array of headers would keep only the last Set-Cookie.
    let cookies = AppendHeaders([
        set_cookie(&newsroom, SESSION, token, false),
        set_cookie(&newsroom, SIGN_IN, String::new(), true),
    ]);
    Ok((cookies, Redirect::to(to)).into_response())
}

pub(super) async fn sign_out(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    f: Result<Form<Csrf>, FormRejection>,
) -> Result<Response, Stop> {
    signed.check(&form(f)?.csrf)?;
    newsroom.sessions().end(&signed.token);
    signed.log(&newsroom, "đăng xuất", "");
    let cookie = set_cookie(&newsroom, SESSION, String::new(), true);
    Ok(([cookie], Redirect::to("/dang-nhap")).into_response())
}

pub(super) async fn password_page(signed: Signed) -> Response {
    page(StatusCode::OK, pages::change_password(&signed.officer(), None))
}

#[derive(Deserialize)]
pub(super) struct NewPassword {
    /// Missing: refused as a wrong token is (403), not as a malformed form.
    #[serde(default)]
    csrf: String,
    current: String,
    new: String,
}

pub(super) async fn change_password(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    f: Result<Form<NewPassword>, FormRejection>,
) -> Result<Response, Stop> {
    let f = form(f)?;
    signed.check(&f.csrf)?;
    let again = |message: &str| {
        let markup = pages::change_password(&signed.officer(), Some(message));
        Ok(page(StatusCode::BAD_REQUEST, markup))
    };
    let attempt = Attempt::new(&signed.user.name, &signed.client);
    if !newsroom.throttle().attempt(&attempt) {
        return again("Nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau 15 phút.");
    }
    let (old, current, new) = (signed.user.hash.clone(), f.current, f.new);
    let checked = newsroom
        .hashing(move || accounts::verify(&old, &current).then(|| accounts::chosen_password(&old, &new)))
        .await;
    let hash = match checked {
        None => return again(BUSY),
        Some(None) => {
            signed.log(&newsroom, "đổi mật khẩu: sai mật khẩu hiện tại", "");
            return again("Mật khẩu hiện tại không đúng.");
        }
        Some(Some(Err(message))) => {
            newsroom.throttle().succeeded(&attempt);
            return again(&message);
        }
        Some(Some(Ok(hash))) => hash,
    };
    newsroom.throttle().succeeded(&attempt);
    if let Err(message) = newsroom.accounts().set_hash(&signed.user.name, hash, false) {
        return again(&message);
    }
    newsroom.sessions().end_others(&signed.user.name, &signed.token);
    signed.log(&newsroom, "đổi mật khẩu", "");
    Ok(see_other("/"))
}

pub(super) async fn users_page(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
) -> Result<Response, Stop> {
    signed.ready()?;
    signed.may(Action::ManageUsers)?;
    let all = newsroom.accounts().users().to_vec();
    Ok(page(
        StatusCode::OK,
        pages::users(&signed.officer(), &all, None, None),
    ))
}

#[derive(Deserialize)]
pub(super) struct NewUser {
    /// Missing: refused as a wrong token is (403), not as a malformed form.
    #[serde(default)]
    csrf: String,
    name: String,
    display: String,
    role: String,
}

pub(super) async fn add_user(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    f: Result<Form<NewUser>, FormRejection>,
) -> Result<Response, Stop> {
    let f = form(f)?;
    signed.manage_users(&newsroom, &f.csrf, "tạo người dùng", &f.name)?;
    let checked = match Role::from_key(&f.role) {
        Some(role) => newsroom
            .accounts()
            .check_new(&f.name, &f.display)
            .map(|(n, d)| (n, d, role)),
        None => Err("Vai trò không hợp lệ.".to_string()),
    };
    let made = match checked {
        Ok((name, display, role)) => match newsroom
            .hashing(move || accounts::new_user(name, display, role))
            .await
        {
            None => Err(BUSY.to_string()),
            Some((user, password)) => newsroom.accounts().add(user).map(|()| password),
        },
        Err(message) => Err(message),
    };
    let name = f.name.trim().to_lowercase();
    if made.is_ok() {
        signed.log(&newsroom, "tạo người dùng", &format!("{name} ({})", f.role));
    }
    let given = made.as_ref().map(|password| {
        Done::Given(Given {
            name: &name,
            password,
            new_account: true,
        })
    });
    Ok(signed.users_after(&newsroom, given.map_err(Clone::clone)))
}

#[derive(Deserialize)]
pub(super) struct Whom {
    /// Missing: refused as a wrong token is (403), not as a malformed form.
    #[serde(default)]
    csrf: String,
    name: String,
}

/// Quản trị gives an officer who lost their password a new one-time password; the
/// officer's sessions end, and they choose their own at the next sign-in.
pub(super) async fn give_password(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    f: Result<Form<Whom>, FormRejection>,
) -> Result<Response, Stop> {
    let f = form(f)?;
    signed.manage_users(&newsroom, &f.csrf, "cấp mật khẩu mới", &f.name)?;
    let refused = if f.name == signed.user.name {
        Some("Mật khẩu của chính bạn được đổi ở trang “Đổi mật khẩu”.")
    } else if newsroom.accounts().get(&f.name).is_none() {
        Some("Không có người dùng này.")
    } else {
        None
    };
    let given = match refused {
        Some(message) => Err(message.to_string()),
        None => match newsroom.hashing(accounts::given_password).await {
            None => Err(BUSY.to_string()),
            Some((password, hash)) => newsroom
                .accounts()
                .set_hash(&f.name, hash, true)
                .map(|()| password),
        },
    };
    if given.is_ok() {
        newsroom.sessions().end_others(&f.name, "");
        signed.log(&newsroom, "cấp mật khẩu mới", &f.name);
    }
    let given = given.as_ref().map(|password| {
        Done::Given(Given {
            name: &f.name,
            password,
            new_account: false,
        })
    });
    Ok(signed.users_after(&newsroom, given.map_err(Clone::clone)))
}

#[derive(Deserialize)]
pub(super) struct Access {
    /// Missing: refused as a wrong token is (403), not as a malformed form.
    #[serde(default)]
    csrf: String,
    name: String,
    role: String,
    /// "khoa": locked; "dung": in use (anything else is refused).
    #[serde(default)]
    trang_thai: String,
}

/// Quản trị changes an officer's role, or locks their account (they left the office:
/// their sessions end at once) and opens it again. Not their own: the newsroom always
/// keeps the quản trị who is doing it.
pub(super) async fn set_access(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    f: Result<Form<Access>, FormRejection>,
) -> Result<Response, Stop> {
    let f = form(f)?;
    signed.manage_users(&newsroom, &f.csrf, "đổi vai trò hoặc khóa", &f.name)?;
    let disabled = f.trang_thai == "khoa";
    let done = match Role::from_key(&f.role) {
        _ if f.name == signed.user.name => {
            Err("Bạn không thể tự đổi vai trò hay tự khóa tài khoản của mình.".to_string())
        }
        None => Err("Vai trò không hợp lệ.".to_string()),
        // Said, never guessed: a form without it must not open a locked account.
        Some(_) if !matches!(f.trang_thai.as_str(), "dung" | "khoa") => {
            Err("Trạng thái tài khoản không hợp lệ.".to_string())
        }
        Some(role) => newsroom.accounts().set_role(&f.name, role, disabled),
    };
    if done.is_ok() {
        if disabled {
            newsroom.sessions().end_others(&f.name, "");
        }
        let what = format!("{} ({}{})", f.name, f.role, if disabled { ", khóa" } else { "" });
        signed.log(&newsroom, "đổi vai trò hoặc khóa", &what);
    }
    let done = done.map(|()| {
        Done::Changed(if disabled {
            format!(
                "Đã khóa tài khoản {}; người này không đăng nhập được nữa.",
                f.name
            )
        } else {
            format!("Đã lưu vai trò và trạng thái của {}.", f.name)
        })
    });
    Ok(signed.users_after(&newsroom, done))
}
