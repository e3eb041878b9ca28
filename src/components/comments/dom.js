// The comment section's DOM work done in JS on purpose. The list's elements: a long discussion
// has thousands of comments, and filling each one in from Rust cost a dozen calls into JS and as
// many strings decoded one by one. Rust (item.rs) prepares the comments of a whole chunk as one
// string and a table; one call here builds them all. Comment text only ever reaches the page as
// text. And what a reader token changes (form.rs, docs/sso.md): who the form shows as posting,
// and the event asking the host for a fresh token; in wasm these cost about 1.5 KB gzip.

// Flags of a comment in the table (item.rs has the same values).
const REPLY = 1; // goes into the replies list of the thread before it (or of `parent`)
const AVATAR_IMAGE = 2; // the avatar field is a checked image URL, not the author's initial
const REPLY_TO = 4; // answers a reply: 回复 @name
const REGION = 8; // says where from (IP 属地)
const PENDING = 16; // awaiting review: labelled, nothing to like or answer
const LIKED = 32; // this reader liked it
const PINNED = 64; // 置顶: an editor pinned it to the top of the list
const VERIFIED = 128; // 认证: the embedding portal vouches for its author
// Fields of a comment, in this order: id, avatar, author, datetime, absolute time, shown time,
// 回复 @name, region, content, likes.
const FIELDS = 10;

/** A new `<tag class=…>`, with its text when given. */
function element(document, tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * The prototypes every comment is cloned from: a thread's first comment (`li.comment-thread`)
 * and a reply (`li`), each holding an `article.comment`. `likes`: the backend has 赞; `open`:
 * the article takes replies (回复); `reports`: readers can report (举报), for one of `reasons`
 * (their ids and labels, one after the other).
 */
export function commentTemplate(document, labels, likes, open, reports, reasons) {
  const [like, liked, reply, pending, report, pinned, menu, cancel, verified] = labels;
  const comment = element(document, "article", "comment");
  const initial = element(document, "span", "comment-avatar comment-initial");
  initial.setAttribute("aria-hidden", "true");
  const main = element(document, "div", "comment-main");
  const meta = element(document, "p", "comment-meta");
  // Most comments say where from: the region is removed from those that do not.
  meta.append(element(document, "span", "comment-author"), document.createElement("time"),
    element(document, "span", "comment-region"));
  main.append(meta, element(document, "p", "comment-content"));
  if (likes || open || reports) {
    const actions = element(document, "p", "comment-actions");
    if (likes) {
      const button = element(document, "button", "comment-like", like);
      button.type = "button";
      button.setAttribute("aria-pressed", "false");
      button.append(" ", element(document, "span", "like-count"));
      actions.append(button);
    }
    if (open) {
      const button = element(document, "button", "comment-reply", reply);
      button.type = "button";
      actions.append(button);
    }
    if (reports) {
      const button = element(document, "button", "comment-report", report);
      button.type = "button";
      button.setAttribute("aria-expanded", "false");
      actions.append(button);
    }
    main.append(actions);
  }
  comment.append(initial, main);
  const thread = element(document, "li", "comment-thread");
  thread.append(comment.cloneNode(true));
  const replyItem = document.createElement("li");
  replyItem.append(comment);
  return { document, thread, reply: replyItem, liked, pending, pinned, menu, cancel, verified, reasons };
}

/** The thread's `ol.comment-replies`, made on its first reply. */
function repliesOf(document, thread) {
  const last = thread.lastElementChild;
  if (last && last.tagName === "OL") return last;
  const list = element(document, "ol", "comment-replies");
  thread.append(list);
  return list;
}

/**
 * Builds the comments in `text` (all their fields one after another) described by `table` (per
 * comment: its flags, then each field's length in UTF-16 units). Returns the new threads' list
 * items in order; a reply goes into the thread before it, or into `parent` when it comes first.
 */
export function buildComments(template, text, table, parent) {
  let total = 0;
  for (let row = 0; row < table.length; row += FIELDS + 1) {
    for (let f = 1; f <= FIELDS; f++) total += table[row + f];
  }
  // A table that does not describe `text` exactly would put one field's text in another's place.
  if (table.length % (FIELDS + 1) !== 0 || total !== text.length) throw new Error("comment table does not match its text");

  const { document } = template;
  const threads = [];
  let thread = parent ?? null;
  let at = 0;
  let row = 0;
  const next = () => text.slice(at, (at += table[row++]));
  while (row < table.length) {
    const flags = table[row++];
    const id = next(), avatar = next(), author = next(), datetime = next(), absolute = next();
    const shown = next(), to = next(), region = next(), content = next(), likes = next();
    const reply = (flags & REPLY) !== 0;
    const item = (reply ? template.reply : template.thread).cloneNode(true);
    const comment = item.firstElementChild;
    comment.id = `comment-${id}`;
    const initial = comment.firstElementChild;
    const main = initial.nextElementSibling;
    if (flags & AVATAR_IMAGE) {
      const img = element(document, "img", "comment-avatar");
      img.src = avatar;
      img.alt = "";
      img.width = 40;
      img.height = 40;
      img.loading = "lazy";
      initial.replaceWith(img);
    } else {
      initial.textContent = avatar;
    }
    const meta = main.firstElementChild;
    meta.firstElementChild.textContent = author;
    const time = meta.children[1];
    time.dateTime = datetime;
    time.title = absolute;
    time.textContent = shown;
    if (flags & REPLY_TO) time.before(element(document, "span", "comment-reply-to", to));
    if (flags & REGION) time.nextElementSibling.textContent = region;
    else time.nextElementSibling.remove();
    // After the time is found by its place: the mark goes between the author and the time.
    if (flags & VERIFIED) meta.firstElementChild.after(element(document, "span", "comment-verified", template.verified));
    if (flags & PINNED) meta.prepend(element(document, "span", "comment-pinned", template.pinned));
    const body = meta.nextElementSibling;
    body.textContent = content;
    const actions = body.nextElementSibling;
    if (flags & PENDING) {
      comment.className = "comment pending";
      meta.append(element(document, "span", "comment-pending", template.pending));
      actions?.remove();
    } else {
      const like = actions?.firstElementChild;
      if (like?.className === "comment-like") {
        if (flags & LIKED) {
          like.setAttribute("aria-pressed", "true");
          like.firstChild.nodeValue = template.liked;
        }
        like.lastElementChild.textContent = likes;
      }
    }

    if (!reply) {
      threads.push(item);
      thread = item;
    } else if (thread) {
      repliesOf(document, thread).append(item);
    } else {
      throw new Error("a reply without its thread");
    }
  }
  return threads;
}

/**
 * Opens or closes the 举报 menu of the comment `button` belongs to (its 举报 button, or 取消 in
 * the menu): one button per reason (`data-reason`) and 取消, under the comment's actions.
 */
export function toggleReportMenu(template, button) {
  const comment = button.closest("article.comment");
  const report = comment?.querySelector(".comment-report");
  if (!report) return;
  const open = comment.querySelector(".comment-report-menu");
  report.setAttribute("aria-expanded", String(!open));
  if (open) {
    open.remove();
    report.focus();
    return;
  }
  const { document } = template;
  const menu = element(document, "p", "comment-report-menu");
  menu.setAttribute("role", "group");
  menu.setAttribute("aria-label", template.menu);
  for (let i = 0; i + 1 < template.reasons.length; i += 2) {
    const reason = element(document, "button", "report-reason", template.reasons[i + 1]);
    reason.type = "button";
    reason.dataset.reason = template.reasons[i];
    menu.append(reason);
  }
  const cancel = element(document, "button", "report-cancel", template.cancel);
  cancel.type = "button";
  menu.append(cancel);
  report.parentElement.after(menu);
  menu.firstElementChild.focus();
}

/**
 * The name and picture a reader token (`PAYLOAD.SIG`, PAYLOAD base64url JSON; docs/sso.md)
 * names, or null when its payload cannot be read. For display only: the server checks the
 * signature and the fields of every token it is sent. Only an https picture is taken.
 */
export function tokenReader(token) {
  try {
    const payload = token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
    const name = typeof claims?.name === "string" ? claims.name.trim() : "";
    const avatar = typeof claims?.avatar === "string" && /^https:\/\/[^\s"'<>\\]+$/i.test(claims.avatar) ? claims.avatar : null;
    return name ? { name, avatar } : null;
  } catch {
    return null; // not base64url, not UTF-8 JSON: the server will refuse it and say so
  }
}

/**
 * Shows who posts in the comment form: the reader the host vouches for (`token`; its name, or
 * `signedIn` when the token names nobody readable, and its picture) in place of the nickname
 * field; with `mustLogIn` (the server takes only such readers and there is none) `logIn`, 登录后
 * 发表评论, linking to `loginUrl` when config.json names a login page, in place of 发表; else the
 * nickname field. Both parts are made here the first time they are needed. The form's
 * `data-poster` says which applies; the stylesheet hides the parts that do not.
 */
export function showPoster(form, token, mustLogIn, loginUrl, signedIn, logIn) {
  const document = form.ownerDocument;
  form.dataset.poster = token ? "reader" : mustLogIn ? "login" : "";
  let login = form.querySelector(".comment-login");
  if (mustLogIn && !login) {
    login = element(document, "p", "comment-login");
    login.append(element(document, "a", "", logIn));
    form.querySelector(".submit-comment").before(login);
  }
  // config.json's login page (its scheme checked when read), coming back to this page: the host
  // page's address when embedded. A link only when there is one.
  const href = mustLogIn && loginUrl?.replaceAll("{return}", encodeURIComponent(location.href));
  if (href) login.firstElementChild.setAttribute("href", href);
  else login?.firstElementChild.removeAttribute("href");
  if (!token) return;
  let card = form.querySelector(".comment-reader");
  if (!card) {
    card = element(document, "p", "comment-reader");
    const picture = element(document, "img", "comment-avatar");
    picture.alt = "";
    picture.width = picture.height = 40;
    card.append(picture, element(document, "span", "comment-author"));
    form.querySelector(".comment-name-field").before(card);
  }
  const reader = tokenReader(token);
  card.lastElementChild.textContent = reader?.name ?? signedIn;
  if (reader?.avatar) card.firstElementChild.setAttribute("src", reader.avatar);
  else card.firstElementChild.removeAttribute("src");
}

/**
 * Asks the host page for a fresh reader token, the server having refused the one it has: a
 * bubbling `news-reader:token-expired` on the embed element `inside` belongs to (on the
 * standalone page, on `inside` itself). The host answers with NewsReader.setReaderToken(fresh).
 */
export function askForFreshToken(inside) {
  const root = inside.getRootNode();
  (root instanceof ShadowRoot ? root.host : inside).dispatchEvent(new CustomEvent("news-reader:token-expired", { bubbles: true }));
}

/**
 * "N 条新评论" (live comments): a button, hidden until something waits, in a region made before
 * `list` that announces it politely (a region that appears with its text is often not read
 * out). It takes no room (see the CSS), so nothing moves when it shows. A press calls `onShow`,
 * which puts what waits on top of the list; the focus then goes there, from the button that
 * hides.
 */
export function newCommentsButton(list, onShow) {
  const { ownerDocument: document } = list;
  const region = element(document, "div", "new-comments");
  region.setAttribute("aria-live", "polite");
  const button = element(document, "button");
  button.type = "button";
  button.hidden = true;
  button.onclick = () => {
    onShow();
    const top = list.firstElementChild;
    if (!top) return;
    top.tabIndex = -1;
    top.focus();
  };
  region.append(button);
  list.before(region);
  return button;
}
