import { describe, expect, it } from "vitest";
import { allowedOf, carcMeaning } from "./carc";

describe("an 835's adjustments as the EOB reads them", () => {
  it("takes the allowed amount as paid plus the patient's share (PR), never the contractual write-off", () => {
    // X221A1: line charge − paid = Σ CAS; CO-45 20.00 is written off, PR-2 10.00 is the patient's coinsurance.
    expect(allowedOf(70, [{ group: "CO", amount: 20 }, { group: "PR", amount: 10 }])).toBe(80);
    expect(allowedOf(0.1, [{ group: "PR", amount: 0.2 }])).toBe(0.3);
  });

  it("words the patient's CARCs the shared table leaves out and prefers the API's wording", () => {
    expect(carcMeaning("PR", "2")).toBe("Coinsurance amount");
    expect(carcMeaning("CO", "2")).toBeUndefined();
    expect(carcMeaning("CO", "45", "Charge exceeds fee schedule")).toBe("Charge exceeds fee schedule");
  });
});
