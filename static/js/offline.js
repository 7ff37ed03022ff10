/* VIP-portalen: saving pages for offline use (progressive enhancement: without this
   script, or without service workers, nothing here shows). Registers the service worker
   (/sw.js), runs the "Save for offline use" button of a programme at a level and lists
   what this browser keeps. Words come from data- attributes rendered by the server. */
"use strict";

(function () {
  const script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !("caches" in window)) return;
  const PAGES = "vip-offline-pages";
  const lang = document.documentElement.lang || "sv";

  function formatDate(iso) {
    const when = new Date(iso);
    return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric" }).format(when);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, name) => values[name]);
  }

  async function savedEntries() {
    const cache = await caches.open(PAGES);
    const entries = [];
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      entries.push({
        url: request.url,
        group: response.headers.get("X-VIP-Group"),
        saved: response.headers.get("X-VIP-Saved"),
        title: decodeURIComponent(response.headers.get("X-VIP-Title") || "") || request.url,
      });
    }
    return entries;
  }

  function ask(worker, message) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      worker.postMessage(message, [channel.port2]);
    });
  }

  async function setUpSaving(widget) {
    const button = widget.querySelector("button");
    const status = widget.querySelector("[role=status]");
    const group = new URL(location.pathname, location.origin).href;
    const prefix = widget.dataset.programme;
    const showSaved = (date, count) => {
      status.textContent = fill(widget.dataset.saved, { date: formatDate(date), count });
    };
    const mine = (await savedEntries()).filter((entry) => entry.group === group);
    const own = mine.find((entry) => entry.url === group);
    if (own) showSaved(own.saved, mine.length);
    widget.hidden = false;

    button.addEventListener("click", async () => {
      button.disabled = true;
      status.textContent = widget.dataset.saving;
      const main = widget.closest("main") || document.body;
      const urls = new Set([group, new URL(widget.dataset.summary, location.origin).href]);
      // The programme's pages this page links to, but not the programme seen from
      // other levels (the same address with another level's slug at the end).
      const here = location.pathname;
      const otherLevels = here.slice(0, here.length - widget.dataset.level.length - 1);
      for (const link of main.querySelectorAll("a[href]")) {
        if (link.closest("aside")) continue;
        const url = new URL(link.href, location.href);
        url.hash = "";
        const path = url.pathname;
        if (url.origin !== location.origin || !path.startsWith(prefix) || path === prefix) continue;
        if (path.startsWith(otherLevels) && !path.startsWith(here)) continue;
        urls.add(url.href);
      }
      try {
        const registration = await navigator.serviceWorker.ready;
        const result = await ask(registration.active, { type: "save", group, urls: [...urls] });
        if (result.ok) showSaved(result.date, result.saved);
        else status.textContent = widget.dataset.failed;
      } catch (error) {
        status.textContent = widget.dataset.failed;
      }
      button.disabled = false;
    });
  }

  async function listSaved(list) {
    const entries = await savedEntries();
    const groups = new Map();
    for (const entry of entries) {
      if (!groups.has(entry.group)) groups.set(entry.group, []);
      groups.get(entry.group).push(entry);
    }
    list.replaceChildren();
    for (const [group, pages] of groups) {
      pages.sort((a, b) => (a.url === group ? -1 : b.url === group ? 1 : a.title.localeCompare(b.title)));
      const item = document.createElement("li");
      const head = document.createElement("p");
      const link = document.createElement("a");
      link.href = pages[0].url;
      link.textContent = pages[0].title;
      const strong = document.createElement("strong");
      strong.append(link);
      const date = document.createElement("time");
      date.dateTime = pages[0].saved.slice(0, 10);
      date.textContent = formatDate(pages[0].saved);
      const saved = document.createElement("span");
      saved.className = "small";
      const [before, after] = list.dataset.saved.split("{date}");
      saved.append(before, date, after || "");
      head.append(strong, document.createElement("br"), saved);
      const others = document.createElement("ul");
      for (const page of pages.slice(1)) {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = page.url;
        a.textContent = page.title;
        li.append(a);
        others.append(li);
      }
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button--secondary";
      remove.textContent = list.dataset.remove;
      remove.addEventListener("click", async () => {
        const cache = await caches.open(PAGES);
        await Promise.all(pages.map((page) => cache.delete(page.url)));
        listSaved(list);
      });
      item.append(head);
      if (pages.length > 1) item.append(others);
      item.append(remove);
      list.append(item);
    }
    const empty = document.querySelector("[data-offline-empty]");
    if (empty) empty.hidden = groups.size > 0;
    list.hidden = groups.size === 0;
  }

  navigator.serviceWorker.register(script.dataset.worker, { scope: "/" }).catch(() => {});
  for (const element of document.querySelectorAll("[data-offline-needs-script]")) element.hidden = true;
  const widget = document.querySelector("[data-offline-save]");
  if (widget) setUpSaving(widget);
  const list = document.querySelector("[data-offline-list]");
  if (list) listSaved(list);
})();
