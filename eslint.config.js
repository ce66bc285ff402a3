import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import nextPlugin from "@next/eslint-plugin-next";

const productFolders = ["app/**", "components/**", "lib/**", "db/**", "emails/**", "inngest/**"];

const noE2eImports = { group: ["**/e2e/**", "@/e2e/**"], message: "Product code never imports the emulator or the e2e suite." };
const noMicrosoftSdkImports = {
  group: ["@azure/msal-node", "@azure/msal-node/**", "@microsoft/microsoft-graph-client", "@microsoft/microsoft-graph-client/**"],
  message: "Only lib/graph talks to Microsoft: use MicrosoftIdentity or MicrosoftGraph from there.",
};

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
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { patterns: [noE2eImports] }],
    },
  },
  {
    // MSAL and the Graph SDK stay behind lib/graph (its limiter, retry policy and typed errors).
    files: productFolders,
    ignores: ["lib/graph/**", "**/*.test.ts", "**/*.test.tsx", "**/testing/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [noE2eImports, noMicrosoftSdkImports] }] },
  },
  {
    // Configuration comes from lib/env.ts only.
    files: productFolders,
    ignores: ["lib/env.ts", "**/*.test.ts", "**/*.test.tsx", "**/testing/**"],
    rules: {
      "no-restricted-syntax": ["error", { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Read configuration through lib/env.ts" }],
    },
  },
  {
    // Tests and test harnesses may drive the emulator; shipped code may not.
    files: ["e2e/**", "scripts/**", "*.config.*", "**/*.test.ts", "**/*.test.tsx", "**/testing/**"],
    rules: { "no-restricted-imports": "off" },
  },
);
