// Service worker: the shell is cached at install; every article a reader opens is
// kept, so it reads offline. Pages go to the network first (news changes), and fall
// back to the cache, then to /offline.
"use strict";

const VERSION = "tidings-v1";
const SHELL = ["/", "/offline", "/for-you", "/static/site.css", "/static/app.js", "/static/foryou.js",
  "/static/icons/icon.svg", "/manifest.webmanifest"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function worthKeeping(url) {
  return url.pathname.startsWith("/article/") || url.pathname.startsWith("/api/article/") ||
    url.pathname.startsWith("/static/") || SHELL.includes(url.pathname);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && worthKeeping(url)) {
          const copy = response.clone();
          caches.open(VERSION).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(async () => {
        const cached = await caches.match(request, { ignoreVary: true });
        if (cached) return cached;
        if (request.mode === "navigate") return caches.match("/offline");
        return Response.error();
      })
  );
});
