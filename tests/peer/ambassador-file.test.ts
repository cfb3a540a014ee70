import { describe, expect, it } from "vitest";
import { detectFormat, formatAmbassadorFile, parseAmbassadorFile } from "../../peer/ambassador-file.ts";
import { AmbassadorValidationError } from "../../peer/errors.ts";

const goodCsv = `id,displayName,slackUserId,categories,serviceAreas,region,monthlyCapacity,bio
amara,Amara Okafor,U0AMARA1,hr-tupe-pensions;staff-unions,adult social care,North West,3,"Led a TUPE transfer, 300 staff"
gareth,Gareth Lewis,,procurement,leisure;libraries,wales,2,
`;

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof AmbassadorValidationError) return error.issues;
    throw error;
  }
  throw new Error("expected an AmbassadorValidationError");
}

describe("parseAmbassadorFile", () => {
  it("reads a CSV with lists separated by semicolons and canonical regions", () => {
    const [amara, gareth] = parseAmbassadorFile(goodCsv, "csv");
    expect(amara).toMatchObject({
      id: "amara",
      slackUserId: "U0AMARA1",
      categories: ["hr-tupe-pensions", "staff-unions"],
      serviceAreas: ["adult social care"],
      region: "North West",
      monthlyCapacity: 3,
      bio: "Led a TUPE transfer, 300 staff",
    });
    expect(gareth).toMatchObject({ serviceAreas: ["leisure", "libraries"], region: "Wales" });
    expect(gareth?.slackUserId).toBeUndefined();
  });

  it("lists every bad CSV row by its line number", () => {
    const csv = `id,displayName,categories,region,monthlyCapacity
ok,Fine Person,funding,London,2
bad1,,funding,London,2
bad2,No Topic,tupe,Atlantis,-1

bad3,Dup,funding,,1
ok,Again,funding,,1
`;
    expect(issuesOf(() => parseAmbassadorFile(csv, "csv"))).toEqual([
      "line 3: displayName is required",
      expect.stringMatching(/^line 4: categories: unknown "tupe"; valid: internal-blockers/),
      expect.stringMatching(/^line 4: region "Atlantis" is not one of: North East/),
      'line 4: monthlyCapacity "-1" must be a whole number 0-100',
      'line 7: id "ok" is already used on line 2',
    ]);
  });

  it("reports unknown columns and broken quoting with a line", () => {
    expect(issuesOf(() => parseAmbassadorFile("id,name\nx,y\n", "csv"))[0]).toMatch(
      /line 1: unknown column "name"/,
    );
    expect(issuesOf(() => parseAmbassadorFile('id,displayName\nx,"open\n', "csv"))[0]).toMatch(/^line 2: /);
  });

  it("gives JSON entries the line they start on", () => {
    const json = `{
  "ambassadors": [
    { "id": "a", "displayName": "A", "categories": ["funding"] },
    {
      "id": "b",
      "displayName": "B, with \\"quotes\\" [and brackets]",
      "categories": ["nope"]
    },
    { "id": "c", "displayName": "", "categories": ["funding"] }
  ]
}`;
    const issues = issuesOf(() => parseAmbassadorFile(json, "json"));
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^line 4: categories: unknown "nope"/);
    expect(issues[1]).toBe("line 9: displayName is required");
  });

  it("says where a JSON file stops being JSON", () => {
    expect(issuesOf(() => parseAmbassadorFile('[\n {"id": "a",\n }\n]', "json"))[0]).toMatch(
      /^line 3: not valid JSON/,
    );
  });

  it("round-trips through its own export format", () => {
    const ambassadors = parseAmbassadorFile(goodCsv, "csv");
    expect(parseAmbassadorFile(formatAmbassadorFile(ambassadors, "csv"), "csv")).toEqual(ambassadors);
    expect(parseAmbassadorFile(formatAmbassadorFile(ambassadors, "json"), "json")).toEqual(ambassadors);
  });

  it("refuses a JSON value of the wrong type with its entry's line, instead of storing it as text", () => {
    const json = `[
  { "id": "a", "displayName": "A", "categories": ["funding"] },
  {
    "id": "b",
    "displayName": { "first": "B" },
    "categories": "funding",
    "monthlyCapacity": [3]
  }
]`;
    expect(issuesOf(() => parseAmbassadorFile(json, "json"))).toEqual([
      "line 3: displayName must be text",
      "line 3: monthlyCapacity must be a whole number",
    ]);
  });

  it("neutralises spreadsheet formulas in the CSV export, and reads its own guarded cells back", () => {
    // Prepare: names a spreadsheet would run as formulas (CSV injection).
    const risky = parseAmbassadorFile(
      JSON.stringify([
        { id: "eq", displayName: '=HYPERLINK("http://x")', categories: ["funding"] },
        { id: "plus", displayName: "+44 caller", categories: ["funding"], bio: "@mention -1" },
        { id: "safe", displayName: "Plain Name", categories: ["funding"] },
      ]),
      "json",
    );

    // Act
    const csv = formatAmbassadorFile(risky, "csv");

    // Assess
    const lines = csv.split("\n");
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[2]).toContain("'+44 caller");
    expect(lines[2]).toContain("'@mention -1");
    expect(lines[3]).toContain(",Plain Name,");
    expect(parseAmbassadorFile(csv, "csv")).toEqual(risky);
  });

  it("refuses comments in a JSON file, saying where", () => {
    expect(issuesOf(() => parseAmbassadorFile('[\n// a comment\n{"id": "a"}]', "json"))[0]).toMatch(
      /^line 2: not valid JSON \(InvalidCommentToken\)/,
    );
  });

  it("detects the format from the name, else the content", () => {
    expect(detectFormat("x.CSV", "[")).toBe("csv");
    expect(detectFormat("x.json", "id")).toBe("json");
    expect(detectFormat("-", '  [{"id":1}]')).toBe("json");
    expect(detectFormat("-", "id,displayName")).toBe("csv");
  });
});
