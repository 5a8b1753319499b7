// Progressive enhancement for every page: local dates, follow/mute buttons,
// theme switch, "Install the app", and the service worker. The pages work without it.
"use strict";

const FOLLOW_KEY = "tidings.follow";

function loadFollows() {
  try {
    const saved = JSON.parse(localStorage.getItem(FOLLOW_KEY) || "{}");
    return { tags: saved.tags || [], sources: saved.sources || [], muted: saved.muted || [] };
  } catch (error) {
    return { tags: [], sources: [], muted: [] };
  }
}

function saveFollows(follows) {
  localStorage.setItem(FOLLOW_KEY, JSON.stringify(follows));
}

function localDates() {
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  for (const node of document.querySelectorAll("time[datetime]")) {
    const moment = new Date(node.getAttribute("datetime"));
    if (!Number.isNaN(moment.getTime())) {
      node.title = node.textContent.trim() + " (UTC)";
      node.textContent = format.format(moment);
    }
  }
}

function toggleButton(button, list, key, onLabel, offLabel) {
  const render = () => {
    const on = loadFollows()[list].includes(key);
    button.textContent = on ? onLabel : offLabel;
    button.setAttribute("aria-pressed", String(on));
  };
  button.addEventListener("click", () => {
    const follows = loadFollows();
    const at = follows[list].indexOf(key);
    if (at >= 0) follows[list].splice(at, 1); else follows[list].push(key);
    saveFollows(follows);
    render();
  });
  button.hidden = false;
  render();
}

function followButtons() {
  for (const button of document.querySelectorAll("[data-follow]")) {
    const list = button.dataset.follow === "tag" ? "tags" : "sources";
    const name = button.dataset.follow === "tag" ? "#" + button.dataset.key : button.dataset.label;
    toggleButton(button, list, button.dataset.key, "Following " + name, "Follow " + name);
  }
  for (const button of document.querySelectorAll("[data-mute]")) {
    toggleButton(button, "muted", button.dataset.key, "Muted", "Mute");
  }
}

function themeSwitch() {
  const button = document.querySelector("[data-theme-toggle]");
  if (!button) return;
  const apply = (theme) => {
    if (theme) document.documentElement.dataset.theme = theme;
    const dark = theme ? theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
    button.textContent = dark ? "Light theme" : "Dark theme";
  };
  apply(localStorage.getItem("tidings.theme"));
  button.addEventListener("click", () => {
    const next = button.textContent === "Dark theme" ? "dark" : "light";
    localStorage.setItem("tidings.theme", next);
    apply(next);
  });
  button.hidden = false;
}

function installButton() {
  const button = document.querySelector("[data-install]");
  if (!button) return;
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    button.hidden = false;
    button.addEventListener("click", () => { button.hidden = true; event.prompt(); }, { once: true });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  localDates();
  followButtons();
  themeSwitch();
  installButton();
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js");
});

window.tidings = { loadFollows, localDates };
