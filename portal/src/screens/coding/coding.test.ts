import { describe, expect, it } from "vitest";
import { evidenceRanges } from "./NoteWithEvidence";
import { describeTarget, fromDraft } from "./types";
import { offers } from "../claims/ClaimActions";
import type { Claim } from "../claims/types";

describe("evidence in the note", () => {
  const note = "58 yo with T2DM and HTN. t2dm well controlled.";
  it("marks every occurrence of each quote, whatever its case", () => {
    const ranges = evidenceRanges(note, [
      { code: "E11.9", system: "icd10cm", description: "", score: 0.9, evidence: ["T2DM"] },
      { code: "I10", system: "icd10cm", description: "", score: 0.8, evidence: ["HTN"] },
    ]);
    expect(ranges.map((r) => note.slice(r.start, r.end))).toEqual(["T2DM", "HTN", "t2dm"]);
  });
  it("merges overlapping quotes of two codes into one mark naming both", () => {
    const ranges = evidenceRanges(note, [
      { code: "E11.9", system: "icd10cm", description: "", score: 0.9, evidence: ["T2DM and"] },
      { code: "I10", system: "icd10cm", description: "", score: 0.8, evidence: ["and HTN"] },
    ]);
    expect(ranges).toEqual([{ start: 11, end: 23, codes: ["E11.9", "I10"] }]);
  });
});

describe("the coding form", () => {
  it("names an edit's target as the coder sees the form", () => {
    expect(describeTarget("diagnoses[2]")).toBe("Diagnosis 3");
    expect(describeTarget("procedures[1].modifiers[0]")).toBe("Line 2, modifier 1");
    expect(describeTarget("procedures[0].units")).toBe("Line 1, units");
  });
  it("turns typed lines into the API's, leaving bad units for the API to name", () => {
    expect(fromDraft({ code: " 99214 ", modifiers: "25, 59", units: "2", pointers: "1 2" })).toEqual({
      code: "99214", modifiers: ["25", "59"], units: 2, diagnosisPointers: [1, 2],
    });
    expect(fromDraft({ code: "99214", modifiers: "", units: "1.5", pointers: "" }).units).toBeNull();
  });
});

describe("claim actions", () => {
  const claim = (status: string, extra: Partial<Claim> = {}) => ({ id: "c1", status, payerClaimNumber: "P1", appeals: [], ...extra }) as unknown as Claim;
  const all = () => true;
  it("offers a denied claim correction, appeal, write-off, void and a status check", () => {
    expect(offers(claim("denied"), all).map((o) => o.action)).toEqual(["correct", "appeal", "write-off", "void", "status-check"]);
  });
  it("offers a ready claim submission and void only", () => {
    expect(offers(claim("ready"), all).map((o) => o.action)).toEqual(["submit", "void"]);
  });
  it("offers nothing the user's roles may not do", () => {
    expect(offers(claim("denied"), (path) => !path.endsWith("/write-off")).map((o) => o.action)).not.toContain("write-off");
  });
  it("does not correct an accepted claim before the payer's claim number arrives (a second original is a CARC 18 duplicate)", () => {
    expect(offers(claim("accepted", { payerClaimNumber: null }), all).map((o) => o.action)).not.toContain("correct");
  });
});
