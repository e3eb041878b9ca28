// The moderation console's one script. The pages work without it; it adds:
// - new pending comments appearing at the top of the queue without a reload (polling), and
// - "select all" for the bulk bar.
// Served from /admin/console.js; the console's CSP allows scripts from 'self' only.
"use strict";

(() => {
  const zh = document.documentElement.lang !== "en";

  const selectAll = document.getElementById("select-all");
  if (selectAll) {
    selectAll.addEventListener("change", () => {
      for (const box of document.querySelectorAll('input[name="item"][form="bulk"]')) box.checked = selectAll.checked;
    });
  }

  const body = document.querySelector("tbody[data-poll]");
  if (!body) return;
  const live = document.querySelector("p.live");
  const every = Number(body.dataset.pollMs) || 5000;
  let after = body.dataset.after || "0";

  const tick = async () => {
    try {
      const url = new URL(body.dataset.poll, location.href);
      url.searchParams.set("after", after);
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (response.status === 401) {
        // The session ended: stop, and say so rather than show a stale queue as live.
        live.textContent = zh ? "登录已失效，请刷新页面重新登录。" : "Your session ended; reload to log in again.";
        return;
      }
      if (response.ok) {
        // The rows are the server's HTML, escaped there; a <template> keeps them inert while
        // they are parsed.
        const template = document.createElement("template");
        template.innerHTML = await response.text();
        const rows = [...template.content.querySelectorAll("tr[data-id]")].filter(
          (row) => !body.querySelector(`tr[data-id="${row.dataset.id}"]`),
        );
        if (rows.length > 0) {
          for (const row of rows) row.classList.add("new");
          body.querySelector("tr.empty")?.remove();
          body.prepend(...rows);
          after = String(Math.max(Number(after), ...rows.map((row) => Number(row.dataset.id))));
          live.textContent = zh ? `${rows.length} 条新评论待审核` : `${rows.length} new comment(s) to review`;
        }
      }
    } catch {
      // Offline for a moment: try again at the next tick.
    }
    setTimeout(tick, every);
  };
  setTimeout(tick, every);
})();
