import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The objects a replication reads at every event keep the field types V8 gave them from one
 * compile to the next (stableFields.ts): where one did not, V8 threw away the code it had
 * optimised on it, about forty of the engine's hottest functions at the app's first edit. The
 * probe runs in a process of its own (stableFieldsProbe.ts says why) and asks V8 which methods
 * are optimised.
 */
describe("an edit's compile keeps the engine's optimised code", () => {
  it('arrive, departures, assess, join and weekByWeek are still optimised after an edit is compiled, and what they read is fast', () => {
    const probe = fileURLToPath(new URL('./stableFieldsProbe.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', probe], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    const { before, compiled, fast } = JSON.parse(r.stdout) as { before: string[]; compiled: string[]; fast: string[] };
    // The probe ran replications until V8 had optimised every one of them.
    expect(before).toEqual(['arrive', 'departures', 'assess', 'join', 'weekByWeek']);
    expect(compiled).toEqual(before);
    // And the objects they read keep their fields in slots, not in a dictionary.
    expect(fast).toEqual(['compiled', 'establishment', 'needs', 'caseload', 'derivedHistory', 'shared']);
  }, 150_000);
});

/** Every .ts file under `dir`, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Class fields declared without a value that the constructor does not set either. With
 * `useDefineForClassFields: false` (tsconfig.base.json), which the app's build follows (the
 * command line's and the tests' transforms do not), such a field is no property of the object until
 * it is first set, and setting it changes the object's hidden class. Synthesizer.fractions did: the
 * first replication's opening set it, after the compile had typed each establishment's `stock` by
 * the class before, so the next compile threw that typing and the code built on it away.
 */
function fieldsSetLater(root: string): string[] {
  const found: string[] = [];
  for (const file of [...sources(join(root, 'src')), ...sources(join(root, 'workers'))]) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isClassLike(node)) {
        const constructorBody = node.members.find(ts.isConstructorDeclaration)?.body?.getText() ?? '';
        for (const member of node.members) {
          if (!ts.isPropertyDeclaration(member) || member.initializer) continue;
          const kinds = ts.getModifiers(member)?.map((m) => m.kind) ?? [];
          if (kinds.includes(ts.SyntaxKind.StaticKeyword) || kinds.includes(ts.SyntaxKind.DeclareKeyword)) continue;
          const name = member.name.getText();
          if (new RegExp(`this\\.${name}\\s*=[^=]`).test(constructorBody)) continue;
          const line = source.getLineAndCharacterOfPosition(member.getStart()).line + 1;
          found.push(`${file.slice(root.length + 1)}:${line} ${node.name?.getText() ?? 'a class'}.${name}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('class fields', () => {
  it('each is given its value where it is declared or in its constructor, not first set later', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
    expect(fieldsSetLater(root)).toEqual([]);
  });
});
