// The dashboard page: plain DOM, no framework, no third-party asset. It holds the session
// token only in memory (read once from the URL fragment, which is then cleared), and a
// revealed value only in one element of the details panel until it is hidden.
(() => {
  interface Fix { kind: string; name?: string; type?: string; env?: string; recipient?: string; by?: string }
  interface Cell { state: string; reason: string | null; fix: Fix | null; shared: string | null; value: string | null }

  /** A cell's fix (the status function's, as data) in the dashboard's own words. */
  function fixWords(fix: Fix): string {
    switch (fix.kind) {
      case "set":
        return `set a value for ${fix.type} with the form below`;
      case "setAgain":
        return `unset the value for ${fix.env}, then set it again`;
      case "syncAccess":
        return `someone who can read ${fix.by === "valueReader" ? "it" : fix.type} re-encrypts it for the readers keystash.yaml lists (access sync)`;
      case "grantAccess":
        return `someone who can read ${fix.type} lists this key as a reader (access add)`;
      case "restoreStore":
        return "restore .keystash/store.yaml from git and review who changed it";
      default:
        return "";
    }
  }
  interface SecretRow {
    name: string;
    declared: boolean;
    description: string | null;
    declarations: { file: string; line: number; service: string | null }[];
    values: { key: string; selector: string; types: string[]; envs: string[]; current: number; versions: number; readable: boolean; pending: string[]; overShared: string[] }[];
    cells: Record<string, Cell>;
  }
  interface State {
    app: string;
    me: string | null;
    columns: { key: string; label: string }[];
    secrets: SecretRow[];
    checks: { env: string; type: string; ok: boolean; missing: string[] }[];
    access: Record<string, string[]>;
  }

  const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? "";
  history.replaceState(null, "", location.pathname);
  let state: State | undefined;
  let selected: string | undefined;
  let hideTimer: number | undefined;

  const element = <K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    node.append(...children);
    return node;
  };
  const byId = (id: string) => document.getElementById(id)!;

  async function api<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as T & { error?: string; hint?: string | null };
    if (!response.ok) throw new Error(`${json.error ?? response.status}${json.hint ? ` — ${json.hint}` : ""}`);
    return json;
  }

  function hideValue(): void {
    window.clearTimeout(hideTimer);
    document.querySelectorAll(".revealed-holder").forEach((node) => node.remove());
  }

  function renderChecks(current: State): void {
    byId("checks").replaceChildren(
      ...current.checks.map((check) =>
        element("li", { class: check.ok ? "ok" : "failing", "data-env": check.env }, check.ok ? `${check.env} ✓` : `${check.env} ✗ ${check.missing.length} missing`),
      ),
    );
  }

  function renderMatrix(current: State): void {
    const header = element("tr", {}, element("th", {}, "Secret"), ...current.columns.map((c) => element("th", {}, c.label)));
    const rows = current.secrets.map((secret) =>
      element(
        "tr",
        { "data-secret": secret.name },
        element("th", {}, Object.assign(element("button", { class: "link", type: "button" }, secret.name), { onclick: () => select(secret.name) })),
        ...current.columns.map((column) => {
          const cell = secret.cells[column.key]!;
          const labels: Record<string, string> = { set: "✓", missing: "missing", drift: "⚠ drift", overShared: "⚠ over-shared", tampered: "✗ tampered" };
          const text = labels[cell.state] ?? "–";
          const attributes: Record<string, string> = { class: `cell ${cell.state}`, "data-column": column.key };
          const fix = cell.fix ? fixWords(cell.fix) : "";
          if (cell.reason) attributes.title = fix ? `${cell.reason}; ${fix}` : cell.reason;
          return element("td", attributes, text, ...(cell.shared ? [element("small", {}, cell.shared)] : []));
        }),
      ),
    );
    byId("matrix").replaceChildren(element("thead", {}, header), element("tbody", {}, ...rows));
    byId("names").replaceChildren(...current.secrets.map((s) => element("option", { value: s.name })));
  }

  function renderDetails(current: State): void {
    const panel = byId("details");
    const secret = current.secrets.find((s) => s.name === selected);
    panel.hidden = !secret;
    if (!secret) return panel.replaceChildren();
    const values = secret.values.map((value, index) => {
      const buttons: HTMLElement[] = [];
      if (value.readable) buttons.push(Object.assign(element("button", { type: "button", "data-action": "reveal" }, "Reveal"), { onclick: () => void reveal(secret.name, value.key) }));
      for (const type of value.types.filter((t) => value.selector.includes(t))) {
        buttons.push(Object.assign(element("button", { type: "button" }, `Remove ${type}`), { onclick: () => void act(`/api/secrets/${secret.name}/unset`, { types: [type], envs: [] }) }));
      }
      return element(
        "li",
        { "data-value": String(index) },
        `${value.selector}: version ${value.current} of ${value.versions}${value.pending.length ? `; not re-encrypted yet for ${value.pending.length} listed recipient(s)` : ""}${value.overShared.length ? `; still encrypted to ${value.overShared.length} recipient(s) no longer listed: rotate it` : ""} `,
        ...buttons,
      );
    });
    panel.replaceChildren(
      element("h2", {}, secret.name),
      element("p", {}, secret.description ?? (secret.declared ? "No description (add a comment above the declaration)." : "Set, but the code does not declare it.")),
      element("ul", {}, ...secret.declarations.map((d) => element("li", {}, `${d.file}:${d.line}${d.service ? ` (service ${d.service})` : ""}`))),
      element("h3", {}, "Values"),
      element("ul", { id: "values" }, ...values),
      element("div", { id: "reveal-slot" }),
      Object.assign(element("button", { type: "button" }, "History"), { onclick: () => void showHistory(secret.name) }),
      Object.assign(element("button", { type: "button", "data-action": "delete" }, "Delete secret"), {
        onclick: () => {
          if (confirm(`Delete ${secret.name} with all its values and versions?`)) void act(`/api/secrets/${secret.name}/delete`, {});
        },
      }),
      element("div", { id: "history" }),
    );
  }

  function renderAccess(current: State): void {
    byId("app").textContent = current.app;
    byId("me").textContent = current.me ? `Your identity: ${current.me}` : "No identity: you can set values, not read them.";
    byId("access").replaceChildren(
      element("ul", {}, ...Object.entries(current.access).map(([type, recipients]) => element("li", {}, `${type}: ${recipients.length ? recipients.map((r) => `${r.slice(0, 12)}…`).join(", ") : "nobody"}`))),
    );
  }

  function render(): void {
    if (!state) return;
    hideValue();
    renderChecks(state);
    renderMatrix(state);
    renderDetails(state);
    renderAccess(state);
  }

  let shown = "";
  async function load(): Promise<void> {
    const next = await api<State>("/api/state");
    // Re-render (which also hides a revealed value) only when something actually changed.
    const text = JSON.stringify(next);
    if (text === shown) return;
    shown = text;
    state = next;
    render();
  }

  function select(name: string): void {
    selected = name;
    render();
  }

  async function act(path: string, body: unknown, out = "set-result"): Promise<void> {
    try {
      const result = await api<{ message: string }>(path, body);
      byId(out).replaceChildren(element("p", {}, result.message));
    } catch (error) {
      byId(out).replaceChildren(element("p", { class: "error" }, (error as Error).message));
    }
    await load();
  }

  async function reveal(name: string, selector: string): Promise<void> {
    hideValue();
    const { value } = await api<{ value: string }>(`/api/secrets/${name}/reveal`, { selector });
    const code = element("code", { class: "revealed" }, value);
    const hide = Object.assign(element("button", { type: "button", "data-action": "hide" }, "Hide"), { onclick: () => hideValue() });
    const holder = element("span", { class: "revealed-holder" }, code, " ", hide);
    byId("reveal-slot").replaceChildren(holder);
    hideTimer = window.setTimeout(hideValue, 20_000);
  }

  async function showHistory(name: string): Promise<void> {
    const versions = await api<{ key: string; selector: string; version: number; created: string; current: boolean; writer: string | null }[]>(`/api/secrets/${name}/history`, {});
    byId("history").replaceChildren(
      element("ul", {}, ...versions.map((v) =>
        element(
          "li",
          { "data-version": `${v.key}:${v.version}` },
          `${v.selector} v${v.version} ${v.created}${v.current ? " (current)" : ""}${v.writer ? ` by ${v.writer.slice(0, 12)}…` : ""} `,
          // A rollback writes a new version holding this one's value (the CLI's rule).
          ...(v.current ? [] : [Object.assign(element("button", { type: "button", "data-action": "rollback" }, `Roll back to v${v.version}`), { onclick: () => void act(`/api/secrets/${name}/rollback`, { selector: v.key, to: v.version }) })]),
        ),
      )),
    );
  }

  const form = byId("set-form") as HTMLFormElement;
  form.onsubmit = async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const name = String(data.get("name"));
    const selector = { types: data.getAll("type").map(String), envs: String(data.get("envs") ?? "").split(",").map((e) => e.trim()).filter(Boolean) };
    const valueInput = form.elements.namedItem("value") as HTMLInputElement;
    let value: string | undefined = valueInput.value;
    valueInput.value = ""; // write-only: the field never keeps it
    const out = byId("set-result");
    try {
      const result = await api<{ message: string; resolve?: { unset: { types: string[]; envs: string[] }; from: string } }>(`/api/secrets/${name}/set`, { ...selector, value });
      if (!result.resolve) {
        value = undefined;
        out.replaceChildren(element("p", {}, result.message));
      } else {
        // The overlap rule and its fix, offered here: unset the shared part, then set again.
        const { unset, from } = result.resolve;
        const fix = Object.assign(element("button", { type: "button", "data-action": "resolve" }, `Remove ${[...unset.types, ...unset.envs].join(", ")} from the value set with ${from}, then set`), {
          onclick: async () => {
            await api(`/api/secrets/${name}/unset`, unset);
            await act(`/api/secrets/${name}/set`, { ...selector, value });
            value = undefined;
          },
        });
        const cancel = Object.assign(element("button", { type: "button" }, "Cancel"), { onclick: () => { value = undefined; out.replaceChildren(); } });
        out.replaceChildren(element("p", { class: "error" }, result.message), fix, cancel);
      }
    } catch (error) {
      value = undefined;
      out.replaceChildren(element("p", { class: "error" }, (error as Error).message));
    }
    await load();
  };

  byId("sync").onclick = () => void act("/api/access/sync", {}, "sync-result");

  // Live updates: the server says when the store, keystash.yaml or the code changed on disk.
  async function listen(): Promise<void> {
    try {
      const response = await fetch("/api/events", { headers: { Authorization: `Bearer ${token}` } });
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (new TextDecoder().decode(value).includes("data: changed")) await load();
      }
    } catch {
      // the server stopped: the page stays as it was
    }
  }

  void load().then(listen);
})();
