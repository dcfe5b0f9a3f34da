// What a role may change, as the gateway decides it (GET /api/auth/policy serves the gateway's own rule table):
// every role reads; a change needs a role the first matching path pattern names; admin does everything.

export interface ChangeRule {
  pattern: string;
  roles: string[];
}

function matches(pattern: string, segments: string[]): boolean {
  const parts = pattern.split("/").filter(Boolean);
  if (segments.length < parts.length) return false;
  return parts.every((p, i) => p === "*" || p.toLowerCase() === segments[i].toLowerCase());
}

export function mayChange(rules: ChangeRule[], roles: string[], path: string): boolean {
  if (roles.includes("admin")) return true;
  const segments = path.split("?")[0].split("/").filter(Boolean);
  const rule = rules.find((r) => matches(r.pattern, segments));
  const allowed = rule ? rule.roles : [];
  return allowed.some((r) => roles.includes(r));
}
