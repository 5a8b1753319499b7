// "For you": read the follows from localStorage, fetch /api/for-you, draw the cards.
// Text goes in with textContent only: nothing from the network becomes markup.
"use strict";

function element(name, attributes, text) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

function card(article) {
  const node = element("article", { class: "card" });
  // The article's words in its own language, as the server's cards mark them.
  const lang = article.language ? { lang: article.language } : {};
  const heading = node.appendChild(element("h2", lang));
  heading.appendChild(element("a", { href: "/article/" + article.id }, article.title));
  const byline = node.appendChild(element("p", { class: "byline" }));
  if (article.source) byline.appendChild(element("a", { class: "source", href: "/source/" + article.source.id }, article.source.name));
  if (article.published_at) byline.appendChild(element("time", { datetime: article.published_at }, article.published_at.slice(0, 10)));
  for (const paragraph of article.lead) node.appendChild(element("p", lang, paragraph));
  const tags = node.appendChild(element("ul", { class: "tags", "aria-label": "Hashtags" }));
  for (const tag of article.tags) {
    const item = tags.appendChild(element("li"));
    item.appendChild(element("a", { class: "tag tag-" + tag.kind, href: "/tag/" + tag.slug, title: "Why: " + tag.evidence }, "#" + tag.slug));
  }
  return node;
}

async function showForYou(cursor) {
  const box = document.getElementById("for-you");
  const follows = window.tidings.loadFollows();
  const following = document.getElementById("following");
  if (!follows.tags.length && !follows.sources.length) {
    box.replaceChildren(element("p", { class: "empty" }, "You follow nothing yet. Open a hashtag or a source and press Follow."));
    return;
  }
  following.textContent = "Following " + follows.tags.map((t) => "#" + t).join(", ") +
    (follows.sources.length ? " and " + follows.sources.length + " source(s)" : "") +
    (follows.muted.length ? "; muted " + follows.muted.map((t) => "#" + t).join(", ") : "") + ".";
  const query = new URLSearchParams();
  follows.tags.forEach((t) => query.append("tag", t));
  follows.sources.forEach((s) => query.append("source", s));
  follows.muted.forEach((t) => query.append("mute", t));
  if (cursor) query.set("cursor", cursor);
  const response = await fetch("/api/for-you?" + query.toString());
  if (!response.ok) {
    box.appendChild(element("p", { class: "message" }, "The news could not be loaded (" + response.status + ")."));
    return;
  }
  const page = await response.json();
  if (!cursor) box.replaceChildren();
  if (!page.articles.length && !cursor) box.appendChild(element("p", { class: "empty" }, "Nothing new with what you follow."));
  page.articles.forEach((article) => box.appendChild(card(article)));
  window.tidings.localDates();
  if (page.next_cursor) {
    const more = box.appendChild(element("button", { type: "button", class: "more" }, "Older news"));
    more.addEventListener("click", () => { more.remove(); showForYou(page.next_cursor); });
  }
}

document.addEventListener("DOMContentLoaded", () => showForYou(null));
