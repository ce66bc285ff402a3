import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import nextPlugin from "@next/eslint-plugin-next";

const productFolders = ["app/**", "components/**", "lib/**", "db/**", "emails/**", "inngest/**"];
// The pure domain: no database, no framework, no clock of its own (time is an input).
const pureFolders = ["lib/sync/**", "lib/training/**", "lib/time/**"];
// Test helpers: the only non-test files that may drive the emulator or read process.env freely.
const testHelpers = ["db/testing/**", "lib/testing/**", "inngest/runtime/testing/**"];
const testFiles = ["**/*.test.ts", "**/*.test.tsx", ...testHelpers];

const noE2eImports = {
  group: ["**/e2e/**", "@/e2e/**"],
  message: "Product code never imports the emulator or the e2e suite.",
};
const noMicrosoftSdkImports = {
  group: [
    "@azure/msal-node",
    "@azure/msal-node/**",
    "@microsoft/microsoft-graph-client",
    "@microsoft/microsoft-graph-client/**",
  ],
  message: "Only lib/graph talks to Microsoft: use MicrosoftIdentity or MicrosoftGraph from there.",
};
const noTestHelperImports = {
  group: [
    "@/db/testing/**",
    "@/lib/testing/**",
    "@/inngest/runtime/testing/**",
    "**/db/testing/**",
    "**/lib/testing/**",
    "**/runtime/testing/**",
  ],
  message: "Test helpers are for tests: shipped code never imports db/testing or lib/testing.",
};
const noFrameworkImports = {
  group: ["@/db", "@/db/**", "next", "next/**", "drizzle-orm", "drizzle-orm/**"],
  message: "lib/sync, lib/training and lib/time are pure: pass data in, no database or framework.",
};
const noAmbientConfiguration = {
  group: ["@/lib/env", "@/lib/local-secrets", "**/env", "**/local-secrets"],
  message: "Services take configuration and secrets from ctx (ctx.config, ctx.secrets), built in lib/context.",
};
const readEnvThroughLibEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: "Read configuration through lib/env.ts",
};
const noAmbientClock = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: "Pure code takes `now` as an input.",
  },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Pure code takes `now` as an input." },
  {
    selector: "CallExpression[callee.object.name='DateTime'][callee.property.name=/^(now|local)$/][arguments.length=0]",
    message: "Pure code takes `now` as an input.",
  },
];

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "no-restricted-imports": ["error", { patterns: [noE2eImports] }],
    },
  },
  {
    // MSAL and the Graph SDK stay behind lib/graph (its limiter, retry policy and typed errors).
    files: productFolders,
    ignores: ["lib/graph/**", ...testFiles],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noE2eImports, noMicrosoftSdkImports, noTestHelperImports] }],
    },
  },
  {
    // Services get every dependency through ctx: no configuration or secret read on the side.
    files: ["lib/services/**"],
    ignores: testFiles,
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [noE2eImports, noMicrosoftSdkImports, noTestHelperImports, noAmbientConfiguration] },
      ],
    },
  },
  {
    files: ["lib/graph/**"],
    ignores: testFiles,
    rules: { "no-restricted-imports": ["error", { patterns: [noE2eImports, noTestHelperImports] }] },
  },
  {
    // Configuration comes from lib/env.ts only.
    files: productFolders,
    ignores: ["lib/env.ts", ...testFiles],
    rules: { "no-restricted-syntax": ["error", readEnvThroughLibEnv] },
  },
  {
    files: pureFolders,
    ignores: testFiles,
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [noE2eImports, noMicrosoftSdkImports, noTestHelperImports, noFrameworkImports] },
      ],
      "no-restricted-syntax": ["error", readEnvThroughLibEnv, ...noAmbientClock],
    },
  },
  {
    // Tests and test harnesses may drive the emulator; shipped code may not.
    files: ["e2e/**", "scripts/**", "*.config.*", ...testFiles],
    rules: { "no-restricted-imports": "off" },
  },
);
