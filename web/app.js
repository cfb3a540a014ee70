// The Pathfinder playground. Plain browser JavaScript modules (no build step, no libraries, no external
// requests): they talk to the local server's JSON API and render the bots' reply model as HTML.
// This file starts the page and switches tabs; each tab is its own module.

import { loadAmbassadors, setUpAmbassadors } from "./ambassadors.js";
import { adoptTokenFromAddress, loadMeta, meta } from "./api.js";
import { loadActingAs, setUpChat } from "./chat.js";
import { refreshDashboard, setUpDashboard } from "./dashboard.js";
import { $, showGlobalError } from "./dom.js";
import { loadKnowledge, setUpKnowledge } from "./knowledge.js";
import { loadNetwork, setUpNetwork } from "./network.js";

// ---------------------------------------------------------------------------------------------
// Tabs (WAI-ARIA tabs pattern: arrow keys move between tabs)

function selectTab(tab) {
  for (const t of document.querySelectorAll("[role=tab]")) {
    const selected = t === tab;
    t.setAttribute("aria-selected", String(selected));
    t.tabIndex = selected ? 0 : -1;
    document.getElementById(t.getAttribute("aria-controls")).hidden = !selected;
  }
  if (tab.id === "tab-dashboard") void refreshDashboard();
  // Ambassadors may have been added or removed in their tab: the "Acting as" choices follow.
  if (tab.id === "tab-chat") loadActingAs().catch((error) => showGlobalError(error.message));
  if (tab.id === "tab-ambassadors") loadAmbassadors().catch((error) => showGlobalError(error.message));
  if (tab.id === "tab-network") loadNetwork().catch((error) => showGlobalError(error.message));
  if (tab.id === "tab-knowledge") loadKnowledge().catch((error) => showGlobalError(error.message));
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (event) => {
      const i = tabs.indexOf(tab);
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const target = tabs[(next + tabs.length) % tabs.length];
      target.focus();
      selectTab(target);
    });
  }
}

// ---------------------------------------------------------------------------------------------

async function start() {
  adoptTokenFromAddress();
  setUpTabs();
  setUpChat();
  setUpDashboard();
  try {
    await loadMeta();
    $("#platform-status").textContent = `${meta.platforms.slack} ${meta.platforms.teams}`;
  } catch (error) {
    showGlobalError(error.message);
  }
  setUpAmbassadors();
  setUpNetwork();
  setUpKnowledge();
  try {
    await loadActingAs();
  } catch (error) {
    showGlobalError(error.message);
  }
  document.body.dataset.ready = "true";
}

void start();
