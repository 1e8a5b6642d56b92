// The Trash page (SPEC R43): plain JavaScript, no library, no request to any other host.
"use strict";
(function () {
  const KEY = "trash.apiKey";
  const PAGE = 25;
  const TYPES = { project: "Project", dataset: "Dataset", model: "Model" };
  const $ = (id) => document.getElementById(id);
  const state = { type: "", q: "", cursor: null, searchWorks: true, items: new Map(), summary: null };

  function key() { return sessionStorage.getItem(KEY); }

  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  async function api(method, path, body) {
    const headers = { Authorization: "Bearer " + key(), Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, "network", "The server cannot be reached; try again.");
    }
    let json = null;
    try { json = await response.json(); } catch (e) { /* not JSON */ }
    if (!response.ok) {
      if (response.status === 401 && path !== "/api/plan") signOut("Your API key is no longer valid; sign in again.");
      throw new ApiError(response.status, json && json.error, (json && json.message) || ("HTTP " + response.status));
    }
    return json;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v; else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function status(text, ok) {
    const s = $("status");
    s.textContent = text;
    s.className = "status " + (ok ? "ok" : "bad");
  }

  function deletedLabel(iso) {
    const d = new Date(iso);
    const days = Math.floor((Date.now() - d.getTime()) / 86400000);
    const date = d.toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });
    if (days <= 0) return "Today";
    if (days === 1) return "Yesterday";
    return days < 30 ? days + " days ago" : date;
  }

  function human(bytes) {
    const units = ["B", "KB", "MB", "GB", "TB"];
    let v = bytes, i = 0;
    while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
    return (i === 0 ? v : v.toFixed(1)) + " " + units[i];
  }

  // ---- sign in ----

  async function signIn(candidate) {
    sessionStorage.setItem(KEY, candidate);
    try {
      const plan = await api("GET", "/api/plan");
      $("who").textContent = "Workspace " + plan.workspace + " · " + plan.plan + " plan (" + plan.retentionDays + " days)";
      $("sign-in").hidden = true;
      $("trash").hidden = false;
      $("sign-out").hidden = false;
      await refresh();
      return true;
    } catch (e) {
      sessionStorage.removeItem(KEY);
      $("sign-in-error").textContent = e.status === 401 ? "That API key is not valid." : e.message;
      return false;
    }
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    $("trash").hidden = true;
    $("sign-out").hidden = true;
    $("who").textContent = "";
    $("sign-in").hidden = false;
    $("sign-in-error").textContent = message || "";
    $("api-key").value = "";
    $("api-key").focus();
  }

  // ---- list ----

  function listPath(cursor) {
    const p = new URLSearchParams();
    if (state.type) p.set("type", state.type);
    if (state.q && state.searchWorks) p.set("q", state.q);
    p.set("limit", String(PAGE));
    if (cursor) p.set("cursor", cursor);
    return "/api/trash?" + p.toString();
  }

  async function loadPage(cursor) {
    let page;
    try {
      page = await api("GET", listPath(cursor));
    } catch (e) {
      if (e.status === 400 && state.q && /'q'/.test(e.message)) {
        // This server's API has no search yet: say so and list without it.
        state.searchWorks = false;
        $("search").disabled = true;
        $("search").placeholder = "Search is not available on this server";
        status("Search is not available on this server; showing every item.", false);
        page = await api("GET", listPath(cursor));
      } else {
        throw e;
      }
    }
    const body = document.querySelector("#items tbody");
    if (!cursor) { body.replaceChildren(); state.items.clear(); }
    for (const item of page.items) { state.items.set(item.id, item); body.append(row(item)); }
    state.cursor = page.nextCursor;
    $("more").hidden = !page.nextCursor;
    $("empty").hidden = body.children.length > 0;
    $("empty").textContent = state.q || state.type ? "Nothing in the Trash matches." : "The Trash is empty.";
  }

  function row(item) {
    const type = TYPES[item.type] || item.type;
    const name = el("td", { class: "name", "data-label": "Name" }, item.name);
    if (item.badge) name.append(el("span", { class: "badge", title: item.cascadedCount + " nested items deleted with it", text: item.badge }));
    if (item.held) name.append(el("span", { class: "badge held", title: "Held: " + ((item.hold && item.hold.reason) || ""), text: "Held" }));
    const actions = el("td", { class: "actions" },
      el("button", { type: "button", class: "restore", "aria-label": "Restore " + item.name, title: "Restore",
        onclick: () => confirmRestore(item) }, "\u21B6 Restore"),
      el("button", { type: "button", class: "hold", "aria-label": (item.held ? "Release the hold on " : "Hold ") + item.name,
        onclick: () => (item.held ? confirmRelease(item) : confirmHold(item)) }, item.held ? "Release" : "Hold"),
      el("button", { type: "button", class: "delete", "aria-label": "Delete " + item.name + " permanently", disabled: item.held,
        title: item.held ? "Held items cannot be deleted" : "Delete permanently", onclick: () => confirmDelete(item) }, "Delete"));
    return el("tr", { "data-id": item.id, "data-type": item.type },
      name,
      el("td", { "data-label": "Type" }, el("span", { class: "type type-" + item.type, text: type })),
      el("td", { "data-label": "Deleted", title: item.deletedAt + " by " + item.deletedBy }, deletedLabel(item.deletedAt)),
      el("td", { "data-label": "Expires", title: item.expiresAt }, item.expiresIn),
      el("td", { class: "num", "data-label": "Size" }, item.size),
      actions);
  }

  // ---- storage ----

  async function loadStorage() {
    const s = await api("GET", "/api/trash/storage");
    state.summary = s;
    const parts = Object.entries(s.byType).filter(([, u]) => u.items > 0)
      .map(([t, u]) => u.items + " " + (TYPES[t] || t).toLowerCase() + (u.items === 1 ? "" : "s") + " (" + u.size + ")");
    $("storage-summary").textContent = s.items === 0 ? "Nothing in the Trash."
      : s.items + " item" + (s.items === 1 ? "" : "s") + " in the Trash, " + s.size + (parts.length ? ": " + parts.join(", ") : "");
    $("empty-trash").disabled = s.items === 0;
    const map = $("treemap");
    map.replaceChildren();
    const w = s.treemap.width, h = s.treemap.height;
    for (const t of s.treemap.tiles) {
      if (t.width <= 0 || t.height <= 0) continue;
      const tile = el("div", { class: "tile type-" + t.type, "data-type": t.type, title: t.label + " · " + human(t.bytes) }, t.label);
      // Through the CSSOM: the page's Content-Security-Policy refuses inline style attributes.
      tile.style.left = (100 * t.x / w) + "%";
      tile.style.top = (100 * t.y / h) + "%";
      tile.style.width = (100 * t.width / w) + "%";
      tile.style.height = (100 * t.height / h) + "%";
      map.append(tile);
    }
  }

  async function refresh() {
    try {
      await Promise.all([loadPage(null), loadStorage()]);
    } catch (e) {
      status(e.message, false);
    }
  }

  // ---- dialogs ----

  let onConfirm = null;
  function ask({ title, text, extra, ok, danger, action, noOk }) {
    const d = $("confirm");
    $("confirm-title").textContent = title;
    $("confirm-text").replaceChildren(...[].concat(text).map((t) => (typeof t === "string" ? el("p", {}, t) : t)));
    $("confirm-extra").replaceChildren(...(extra ? [extra] : []));
    $("confirm-error").textContent = "";
    $("confirm-ok").textContent = ok || "OK";
    $("confirm-ok").className = danger ? "danger" : "primary";
    $("confirm-ok").hidden = !!noOk;
    $("confirm-ok").disabled = false;
    $("confirm-cancel").textContent = noOk ? "Close" : "Cancel";
    onConfirm = action;
    d.showModal();
    const input = d.querySelector("#confirm-extra input");
    (input || (noOk ? $("confirm-cancel") : $("confirm-ok"))).focus();
  }

  async function confirmed(event) {
    event.preventDefault();
    if (!onConfirm) return;
    $("confirm-ok").disabled = true;
    try {
      const message = await onConfirm();
      $("confirm").close();
      if (message) status(message, true);
      await refresh();
    } catch (e) {
      $("confirm-error").textContent = e.message;
      $("confirm-ok").disabled = false;
    }
  }

  function describeCount(byType) {
    return Object.entries(byType || {}).filter(([, u]) => u.count > 0)
      .map(([t, u]) => u.count + " " + (TYPES[t] || t).toLowerCase() + (u.count === 1 ? "" : "s")).join(", ");
  }

  async function confirmRestore(item) {
    const type = (TYPES[item.type] || item.type).toLowerCase();
    let preview = null;
    try {
      preview = await api("GET", "/api/trash/" + encodeURIComponent(item.id) + "/restore-preview");
    } catch (e) {
      if (e.status === 404 && e.code === "not_found" && !/trash item/.test(e.message)) preview = null; // no preview on this server
      else { status(e.message, false); await refresh(); return; }
    }
    if (preview && !preview.possible) {
      ask({ title: "Cannot restore " + type + " \u201C" + item.name + "\u201D",
        text: [el("p", { class: "error refusal", text: preview.refusal.message })], noOk: true });
      return;
    }
    const text = ["Restore " + type + " \u201C" + item.name + "\u201D to where it was?"];
    if (preview) {
      const what = describeCount(preview.byType);
      text.push(el("ul", { class: "preview" },
        el("li", {}, "Brings back " + (what || preview.count + " items") + " (" + preview.size + ")."),
        preview.renamed ? el("li", { class: "renamed" }, "Its slug \u201C" + preview.originalSlug + "\u201D is taken now, so it comes back as \u201C" + preview.slug + "\u201D.")
          : (preview.slug ? el("li", {}, "It keeps its slug \u201C" + preview.slug + "\u201D.") : null)));
    }
    ask({ title: "Restore \u201C" + item.name + "\u201D?", text, ok: "Restore", action: async () => {
      const r = await api("POST", "/api/trash/" + encodeURIComponent(item.id) + "/restore");
      const more = r.restoredCount > 1 ? " with " + (r.restoredCount - 1) + " nested item" + (r.restoredCount === 2 ? "" : "s") : "";
      return r.renamed
        ? "Restored " + type + " \u201C" + item.name + "\u201D" + more + " as \u201C" + r.slug + "\u201D (\u201C" + r.originalSlug + "\u201D was taken)."
        : "Restored " + type + " \u201C" + item.name + "\u201D" + more + ".";
    } });
  }

  function confirmDelete(item) {
    const type = (TYPES[item.type] || item.type).toLowerCase();
    const nested = item.cascadedCount > 0 ? " and the " + item.cascadedCount + " item" + (item.cascadedCount === 1 ? "" : "s") + " deleted with it" : "";
    ask({ title: "Delete \u201C" + item.name + "\u201D permanently?", danger: true, ok: "Delete permanently",
      text: ["This deletes " + type + " \u201C" + item.name + "\u201D" + nested + " (" + item.size + ") for good, with its stored files. It cannot be undone."],
      action: async () => {
        const r = await api("DELETE", "/api/trash/" + encodeURIComponent(item.id));
        return "Deleted " + type + " \u201C" + item.name + "\u201D permanently (" + r.items + " item" + (r.items === 1 ? "" : "s") + ", " + human(r.bytes) + " freed).";
      } });
  }

  function confirmEmpty() {
    const s = state.summary;
    const what = s ? s.items + " item" + (s.items === 1 ? "" : "s") + " (" + s.size + ")" : "every item";
    ask({ title: "Empty the Trash?", danger: true, ok: "Empty Trash",
      text: ["This permanently deletes " + what + " in the Trash, with their stored files. Held items are kept. It cannot be undone."],
      action: async () => {
        const r = await api("POST", "/api/trash/empty");
        return "Emptied the Trash: " + r.items + " item" + (r.items === 1 ? "" : "s") + " deleted, " + human(r.bytes) + " freed"
          + (r.held ? "; " + r.held + " held item" + (r.held === 1 ? "" : "s") + " kept." : ".");
      } });
  }

  function confirmHold(item) {
    const input = el("input", { id: "hold-reason", type: "text", required: "required", maxlength: "200" });
    ask({ title: "Hold \u201C" + item.name + "\u201D?", ok: "Place hold",
      text: ["A held item is never deleted (not when it expires, not by Empty Trash) until the hold is released. It can still be restored."],
      extra: el("div", {}, el("label", { for: "hold-reason" }, "Reason"), input),
      action: async () => {
        if (!input.value.trim()) throw new Error("Give a reason for the hold.");
        await api("POST", "/api/trash/" + encodeURIComponent(item.id) + "/hold", { reason: input.value.trim() });
        return "\u201C" + item.name + "\u201D is held.";
      } });
  }

  function confirmRelease(item) {
    ask({ title: "Release the hold on \u201C" + item.name + "\u201D?", ok: "Release hold",
      text: ["Held because: " + ((item.hold && item.hold.reason) || "—") + ". Once released it expires as usual" + " (" + item.expiresIn + ")."],
      action: async () => {
        await api("DELETE", "/api/trash/" + encodeURIComponent(item.id) + "/hold");
        return "Released the hold on \u201C" + item.name + "\u201D.";
      } });
  }

  // ---- wiring ----

  document.addEventListener("DOMContentLoaded", () => {
    $("sign-in-form").addEventListener("submit", (e) => { e.preventDefault(); signIn($("api-key").value.trim()); });
    $("sign-out").addEventListener("click", () => signOut());
    $("empty-trash").addEventListener("click", confirmEmpty);
    $("more").addEventListener("click", () => loadPage(state.cursor).catch((e) => status(e.message, false)));
    $("confirm-form").addEventListener("submit", confirmed);
    $("confirm-cancel").addEventListener("click", () => $("confirm").close());
    $("confirm").addEventListener("close", () => { onConfirm = null; });
    const tabs = Array.from(document.querySelectorAll("[role=tab]"));
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => {
        tabs.forEach((t) => t.setAttribute("aria-selected", String(t === tab)));
        state.type = tab.dataset.type;
        loadPage(null).catch((e) => status(e.message, false));
      });
      tab.addEventListener("keydown", (e) => {
        const next = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (next) { const t = tabs[(i + next + tabs.length) % tabs.length]; t.focus(); t.click(); }
      });
    });
    let timer = null;
    $("search").addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => { state.q = $("search").value.trim(); loadPage(null).catch((e) => status(e.message, false)); }, 250);
    });
    const saved = key();
    if (saved) signIn(saved); else signOut();
  });
})();
