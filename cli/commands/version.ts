import { readFileSync } from "node:fs";
import { type CliCommand, println } from "../command.ts";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

export const command: CliCommand = {
  name: "version",
  summary: "Print Pathfinder's version",
  usage: "pathfinder version",
  async run(_args, io) {
    println(io.stdout, `pathfinder ${pkg.version} (node ${process.versions.node})`);
    return 0;
  },
};
