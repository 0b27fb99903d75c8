// Bliżej's service worker: the pages a reader opened, and the other steps of the guide they are
// on, stay readable without signal. It sits at the site's root (a version's root under mike), so
// its scope is that version only: a newer version's worker never answers for an older one's pages.
//
// Pages and unhashed files: network first, the kept copy when the network fails, so a reader
// online always gets the current text. Material's hashed bundles (main.1a2b3c4d.min.css) never
// change under their name: cache first. The API (/api/*) is never kept nor answered from here.
//
// hooks/offline.py stamps BUILD with a digest of the build's pages: a new build installs a new
// worker, which deletes the older caches of its own scope when it activates.
const BUILD = "unstamped";
const SCOPE = new URL(self.registration.scope).pathname;
const PREFIX = `blizej-offline:${SCOPE}:`;
const CACHE = PREFIX + BUILD;
const HASHED = /\.[0-9a-f]{8,}\.min\.(?:js|css)$/;
const ASSET_IN_PAGE = /\b(?:src|href)="([^"#?]+\.(?:js|css|svg|png|webp|ico))(?:\?[^"]*)?"/g;
const MODULE_IMPORT = /\bfrom\s*"(\.{1,2}\/[^"]+\.js)"/g;
const ANY_VARY = { ignoreVary: true };

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function ours(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(SCOPE)
    && !url.pathname.startsWith("/api/");
}

// A redirect or an error page kept would later stand in for the real page.
function keepable(response) {
  return response.ok && response.type === "basic" && !response.redirected;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || !ours(url)) return;
  if (event.request.mode !== "navigate" && HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(event));
  } else {
    event.respondWith(networkFirst(event));
  }
});

async function networkFirst(event) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(event.request);
    // Not awaited: the page gets its response while it streams, the copy is written alongside.
    if (keepable(response)) event.waitUntil(cache.put(event.request, response.clone()));
    return response;
  } catch (offline) {
    // A page opened with ?q= (search highlighting) is still the page that was kept.
    const ignoreSearch = event.request.mode === "navigate";
    const kept = await cache.match(event.request, { ...ANY_VARY, ignoreSearch });
    if (kept) return kept;
    throw offline;
  }
}

async function cacheFirst(event) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(event.request, ANY_VARY);
  if (kept) return kept;
  const response = await fetch(event.request);
  if (keepable(response)) event.waitUntil(cache.put(event.request, response.clone()));
  return response;
}

// The page asks (assets/javascripts/offline.js) for itself, which loaded before this worker
// controlled it, and for the other pages of its guide, each with the files it loads.
self.addEventListener("message", (event) => {
  if (event.data?.type !== "keep" || !Array.isArray(event.data.pages)) return;
  const pages = event.data.pages.map((page) => new URL(page, self.location)).filter(ours);
  event.waitUntil(keepPages(pages));
});

async function keepPages(pages) {
  const cache = await caches.open(CACHE);
  try {
    for (const page of pages) {
      page.hash = "";
      if (await cache.match(page.href, ANY_VARY)) continue;
      const response = await fetch(page.href);
      if (!keepable(response)) continue;
      // The page last, so that a kept page always has its styles and scripts kept too.
      await keepFiles(cache, await response.clone().text(), page);
      await cache.put(page.href, response);
    }
  } catch {
    // The signal went while keeping: what is kept stays, the rest is fetched on a later visit.
  }
}

async function keepFiles(cache, text, base, found = ASSET_IN_PAGE, seen = new Set()) {
  for (const [, src] of text.matchAll(found)) {
    const file = new URL(src, base);
    if (!ours(file) || seen.has(file.href) || await cache.match(file.href, ANY_VARY)) continue;
    seen.add(file.href);
    const response = await fetch(file.href);
    if (!keepable(response)) continue;
    // A widget's module imports the shared one (../shared/widget.js), which the page never names.
    if (file.pathname.endsWith(".js")) {
      await keepFiles(cache, await response.clone().text(), file, MODULE_IMPORT, seen);
    }
    await cache.put(file.href, response);
  }
}
