/* VIP-portalen's service worker: pages saved for offline use. Written by hand, no build
   step. The server puts self.VIP_OFFLINE in front of this file (programmes/views/offline.py):
   the offline pages and files to keep, and the words for a saved copy in each language.

   Pages always come from the network while there is one. A saved page (kept in PAGES with
   the date it was saved and the programme-at-level page it was saved with) is replaced
   when a visit online finds that its content has changed, and so is the rest of its group.
   Offline, a saved page opens from PAGES marked with its date; any other page gets the
   offline page. */
"use strict";

const SETTINGS = self.VIP_OFFLINE;
const SHELL = "vip-shell";
const PAGES = "vip-offline-pages";
const SAVED = "X-VIP-Saved";
const GROUP = "X-VIP-Group";
const TITLE = "X-VIP-Title";
for (const [code, language] of Object.entries(SETTINGS.languages)) language.code = code;

function shellUrls() {
  const urls = SETTINGS.assets.slice();
  for (const language of Object.values(SETTINGS.languages)) urls.push(language.offline);
  return urls.map((url) => new URL(url, self.location.origin).href);
}

async function storeShell() {
  const cache = await caches.open(SHELL);
  await cache.addAll(shellUrls().map((url) => new Request(url, { cache: "reload" })));
  const wanted = new Set(shellUrls());
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(storeShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

function languageOf(url) {
  let found = SETTINGS.languages[SETTINGS.default];
  for (const language of Object.values(SETTINGS.languages)) {
    if (url.pathname.startsWith(language.prefix) && language.prefix.length > found.prefix.length) {
      found = language;
    }
  }
  return found;
}

function pageKey(address) {
  const url = new URL(address, self.location.origin);
  url.hash = "";
  return url.href;
}

function titleOf(html) {
  const match = /<title>([\s\S]*?)<\/title>/i.exec(html);
  const entities = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'" };
  const text = match ? match[1].trim() : "";
  return text.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, name) => entities[name]);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/* Keep `response` as the saved copy of `key`, dated now. */
async function store(cache, key, response, group) {
  const body = await response.text();
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  headers.set(SAVED, new Date().toISOString());
  headers.set(GROUP, group);
  headers.set(TITLE, encodeURIComponent(titleOf(body)));
  await cache.put(key, new Response(body, { status: 200, headers }));
}

async function changed(saved, fresh) {
  const before = saved.headers.get("ETag");
  const after = fresh.headers.get("ETag");
  if (before && after) return before !== after;
  return (await saved.clone().text()) !== (await fresh.clone().text());
}

async function fetchPage(key) {
  const response = await fetch(key, { credentials: "same-origin", cache: "no-cache" });
  if (!response.ok || response.redirected) throw new Error(`${key}: ${response.status}`);
  return response;
}

/* Save a programme at a level: its page and the pages it links to. */
async function saveGroup(group, addresses) {
  const cache = await caches.open(PAGES);
  const groupKey = pageKey(group);
  const keys = [...new Set([groupKey, ...addresses.map(pageKey)])].filter(
    (key) => new URL(key).origin === self.location.origin,
  );
  const results = await Promise.allSettled(
    keys.map(async (key) => store(cache, key, await fetchPage(key), groupKey)),
  );
  for (const request of await cache.keys()) {
    const saved = await cache.match(request);
    if (saved.headers.get(GROUP) === groupKey && !keys.includes(request.url)) {
      await cache.delete(request);
    }
  }
  const saved = results.filter((result) => result.status === "fulfilled").length;
  return { ok: saved > 0, saved, failed: keys.length - saved, date: new Date().toISOString() };
}

/* After a visit online: if `key` is saved and its content changed, replace it and the rest
   of its group (a change of content moves every page's version at once). */
async function refreshIfSaved(key, fresh) {
  const cache = await caches.open(PAGES);
  const saved = await cache.match(key);
  if (!saved || !(await changed(saved, fresh))) return;
  const group = saved.headers.get(GROUP);
  await store(cache, key, fresh, group);
  const others = [];
  for (const request of await cache.keys()) {
    const copy = await cache.match(request);
    if (request.url !== key && copy.headers.get(GROUP) === group) others.push([request.url, copy]);
  }
  await Promise.allSettled(
    others.map(async ([other, copy]) => {
      const response = await fetchPage(other);
      if (await changed(copy, response)) await store(cache, other, response, group);
    }),
  );
}

async function savedCopy(saved, language) {
  const body = await saved.text();
  const when = new Date(saved.headers.get(SAVED));
  const date = new Intl.DateTimeFormat(language.code, {
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(when);
  const pad = (n) => String(n).padStart(2, "0");
  const iso = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
  const savedOn = escapeHtml(language.saved_on).replace(
    "%(date)s",
    `<time datetime="${iso}">${escapeHtml(date)}</time>`,
  );
  const banner =
    `<div class="offline-banner" role="note"><p><strong>${escapeHtml(language.you_are_offline)}</strong> ` +
    `<span class="offline-banner__date">${savedOn}</span> ` +
    `<a href="${escapeHtml(language.saved_list)}">${escapeHtml(language.saved_pages)}</a></p></div>`;
  const html = body.replace(/<main\b[^>]*>/i, (tag) => tag + banner);
  return new Response(html, { status: 200, headers: saved.headers });
}

async function offlineAnswer(key) {
  const language = languageOf(new URL(key));
  const saved = await caches.match(key, { cacheName: PAGES });
  if (saved) return savedCopy(saved, language);
  const fallback = await caches.match(pageKey(language.offline), { cacheName: SHELL });
  if (fallback) return fallback;
  return new Response(language.you_are_offline, {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

async function navigate(event) {
  const key = pageKey(event.request.url);
  let response;
  try {
    response = await fetch(event.request);
  } catch (error) {
    return offlineAnswer(key);
  }
  if (response.ok) event.waitUntil(refreshIfSaved(key, response.clone()));
  return response;
}

async function subresource(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const saved = await caches.match(request, { ignoreVary: true });
    if (saved) return saved;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(request.mode === "navigate" ? navigate(event) : subresource(request));
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports[0];
  if (data.type !== "save" || !port) return;
  event.waitUntil(
    saveGroup(String(data.group), (data.urls || []).map(String)).then(
      (result) => port.postMessage(result),
      () => port.postMessage({ ok: false, saved: 0, failed: 0 }),
    ),
  );
});
