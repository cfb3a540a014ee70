/**
 * The project's import graph between layers, read with the TypeScript compiler's own pre-processor
 * (`ts.preProcessFile`: every static, type-only and dynamic import, no type checking). Hand-written because
 * neither madge nor dependency-cruiser is installed, and a layer cycle needs only this much.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** Folders that are not source: dependencies, build output, local data, the tests themselves. */
const SKIPPED = new Set([
  "node_modules",
  "cdk.out",
  ".data",
  "test-output",
  "dist",
  "scratch",
  "tests",
  ".git",
]);

/** Every .ts source file under `root` (relative paths, "/"-separated). */
export function sourceFiles(root: string, dir = root): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(root, path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      files.push(relative(root, path).split(sep).join("/"));
    }
  }
  return files;
}

/** The project files `file` imports (relative specifiers only; packages are not layers). */
export function importsOf(root: string, file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(root, file), "utf8"), true, true);
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) =>
      relative(root, resolve(root, dirname(file), specifier))
        .split(sep)
        .join("/"),
    );
}

/**
 * The layer a file belongs to: its top-level folder, except that bots/ holds three (the core and the two
 * platform adapters), which sit at different levels: the core below the digest, the adapters above it.
 */
export function layerOf(file: string): string {
  const [top, second] = file.split("/");
  if (top === "bots" && second && !second.endsWith(".ts")) return `bots/${second}`;
  return file.includes("/") ? (top ?? file) : ".";
}

/** Layer -> layer -> one file import that makes the edge (for the failure message). */
export type LayerGraph = Map<string, Map<string, string>>;

/** The edges between layers of the files under `root`. */
export function layerGraph(root: string): LayerGraph {
  const graph: LayerGraph = new Map();
  for (const file of sourceFiles(root)) {
    const from = layerOf(file);
    for (const target of importsOf(root, file)) {
      const to = layerOf(target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${file} -> ${target}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/**
 * Every cycle between layers, each as the chain of imports that closes it (empty when the layers form a
 * DAG). Found by a depth-first search: a back edge to a layer still on the stack closes a cycle.
 */
export function layerCycles(graph: LayerGraph): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (layer: string): void => {
    stack.push(layer);
    for (const next of graph.get(layer)?.keys() ?? []) {
      const at = stack.indexOf(next);
      if (at >= 0) {
        const loop = [...stack.slice(at), next];
        cycles.push(loop.slice(1).map((to, i) => graph.get(loop[i] ?? "")?.get(to) ?? to));
      } else if (!done.has(next)) visit(next);
    }
    stack.pop();
    done.add(layer);
  };
  for (const layer of [...graph.keys()].sort()) if (!done.has(layer)) visit(layer);
  return cycles;
}

/** The package specifiers `file` imports (static, type-only, dynamic and `require`), as written. */
export function packageImportsOf(root: string, file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(root, file), "utf8"), true, true);
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => !specifier.startsWith(".") && !specifier.startsWith("/"));
}
