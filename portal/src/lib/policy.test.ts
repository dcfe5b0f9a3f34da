import { describe, expect, it } from "vitest";
import { mayChange, type ChangeRule } from "./policy";

// The gateway's rule table's shape (gateway/Access/RolePolicy.cs): the first pattern that matches decides.
const rules: ChangeRule[] = [
  { pattern: "/api/patient-billing/accounts/*/payments", roles: ["pm-system", "biller", "front-desk"] },
  { pattern: "/api/patient-billing", roles: ["pm-system", "biller"] },
  { pattern: "/api/coding/audits", roles: ["auditor"] },
  { pattern: "/api/coding", roles: ["pm-system", "coder"] },
  { pattern: "/api/users", roles: [] },
];

describe("what a role may change", () => {
  it("lets the front desk take a payment but not refund one", () => {
    expect(mayChange(rules, ["front-desk"], "/api/patient-billing/accounts/abc/payments")).toBe(true);
    expect(mayChange(rules, ["front-desk"], "/api/patient-billing/accounts/abc/refunds")).toBe(false);
  });
  it("decides by the first matching pattern, so a coder cannot audit codes", () => {
    expect(mayChange(rules, ["coder"], "/api/coding/encounters/e1")).toBe(true);
    expect(mayChange(rules, ["coder"], "/api/coding/audits")).toBe(false);
  });
  it("leaves a change no rule names to the admin alone", () => {
    expect(mayChange(rules, ["biller"], "/api/users")).toBe(false);
    expect(mayChange(rules, ["biller"], "/api/unknown/thing")).toBe(false);
    expect(mayChange(rules, ["admin"], "/api/unknown/thing")).toBe(true);
  });
  it("ignores the query string and the case of the path", () => {
    expect(mayChange(rules, ["coder"], "/API/Coding/encounters/e1?x=1")).toBe(true);
  });
});
