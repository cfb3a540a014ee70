/** `npm start`'s flags and environment. */
import { describe, expect, it } from "vitest";
import { isLoopbackHost, parseStartOptions, StartOptionsError } from "../../local/options.ts";

describe("parseStartOptions", () => {
  it("defaults to 127.0.0.1:3000 with data kept under .data/dynamodb", () => {
    // Act
    const options = parseStartOptions([], {});

    // Assess
    expect(options).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      loopbackOnly: true,
      dataDir: ".data/dynamodb",
      buildIndex: true,
      loadSamples: true,
    });
    expect(options.adminToken).toBeUndefined();
  });

  it("reads PORT, DYNAMODB_ENDPOINT and PATHFINDER_ADMIN_TOKEN, and flags override the port", () => {
    // Act
    const fromEnv = parseStartOptions([], {
      PORT: "4000",
      DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
      PATHFINDER_ADMIN_TOKEN: "t0k",
    });
    const flagged = parseStartOptions(["--port=5000"], { PORT: "4000" });

    // Assess
    expect(fromEnv).toMatchObject({
      port: 4000,
      dynamodbEndpoint: "http://127.0.0.1:8000",
      adminToken: "t0k",
    });
    expect(flagged.port).toBe(5000);
  });

  it("--in-memory discards data; --data-dir moves it; --host beyond loopback is marked exposed", () => {
    // Act
    const memory = parseStartOptions(["--in-memory"], {});
    const dir = parseStartOptions(["--data-dir", "/tmp/pf"], {});
    const exposed = parseStartOptions(["--host", "0.0.0.0", "--no-index-build", "--no-samples"], {});

    // Assess
    expect(memory.dataDir).toBeUndefined();
    expect(dir.dataDir).toBe("/tmp/pf");
    expect(exposed).toMatchObject({
      host: "0.0.0.0",
      loopbackOnly: false,
      buildIndex: false,
      loadSamples: false,
    });
  });

  it.each([
    [["--port", "70000"], /port number from 0 to 65535/],
    [["--port", "abc"], /port number/],
    [["--port"], /--port needs a value/],
    [["--host", "--in-memory"], /--host needs a value/],
    [["--in-memory", "--data-dir", "x"], /contradict/],
    [["--verbose"], /Unknown option "--verbose"/],
    [["-x"], /Unknown option "-x"/],
    [["stray"], /Unknown option "stray"/],
    [["--port="], /--port needs a value/],
    [["--in-memory=yes"], /--in-memory takes no value/],
  ])("refuses %j with a clear message", (argv, message) => {
    // Act / Assess
    expect(() => parseStartOptions(argv, {})).toThrow(StartOptionsError);
    expect(() => parseStartOptions(argv, {})).toThrow(message);
  });

  it("-h and --help ask for the usage", () => {
    expect(parseStartOptions(["-h"], {}).help).toBe(true);
    expect(parseStartOptions(["--help"], {}).help).toBe(true);
    expect(parseStartOptions([], {}).help).toBe(false);
  });

  it("refuses a malformed PORT in the environment", () => {
    expect(() => parseStartOptions([], { PORT: "eighty" })).toThrow(/PORT must be a port number/);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["::1", true],
    ["0.0.0.0", false],
    ["192.168.1.20", false],
    ["example.org", false],
  ])("%s -> %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
