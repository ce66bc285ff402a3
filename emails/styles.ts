import type { CSSProperties } from "react";

const font = '"Segoe UI", -apple-system, Helvetica, Arial, sans-serif';

export const styles = {
  body: { backgroundColor: "#f6f7f9", fontFamily: font, margin: 0, padding: "24px 0" },
  container: {
    backgroundColor: "#ffffff",
    border: "1px solid #dde2e8",
    borderRadius: 8,
    padding: "24px",
    maxWidth: 560,
  },
  h1: { fontSize: 22, color: "#1c2430", margin: "0 0 16px" },
  text: { fontSize: 15, lineHeight: "22px", color: "#1c2430" },
  item: { fontSize: 14, lineHeight: "20px", color: "#1c2430", margin: "2px 0" },
  label: {
    fontSize: 13,
    fontWeight: 600,
    color: "#5b6675",
    margin: "12px 0 4px",
    textTransform: "uppercase",
    letterSpacing: "0.04em",
  },
  box: {
    backgroundColor: "#f9fafb",
    border: "1px solid #dde2e8",
    borderRadius: 8,
    padding: "8px 16px 14px",
    margin: "16px 0",
  },
  button: {
    backgroundColor: "#2456d3",
    color: "#ffffff",
    borderRadius: 6,
    padding: "12px 22px",
    fontSize: 15,
    fontWeight: 600,
    textDecoration: "none",
  },
  muted: { fontSize: 13, lineHeight: "19px", color: "#5b6675" },
  /** A long address breaks anywhere instead of widening the email on a phone. */
  fallbackLink: {
    fontSize: 12,
    lineHeight: "18px",
    color: "#5b6675",
    wordBreak: "break-all",
    overflowWrap: "anywhere",
  },
} satisfies Record<string, CSSProperties>;
