import { describe, expect, it } from "vitest";
import { decodeClientInfo, encodeClientInfo } from "./client-info";

describe("client_info", () => {
  it("is base64url JSON {uid, utid}, the form MSAL builds homeAccountId from", () => {
    const encoded = encodeClientInfo("oid-1", "tid-2");
    expect(encoded).not.toMatch(/[+/=]/);
    expect(JSON.parse(Buffer.from(encoded, "base64url").toString())).toEqual({ uid: "oid-1", utid: "tid-2" });
    expect(decodeClientInfo(encoded)).toEqual({ uid: "oid-1", utid: "tid-2" });
  });

  it("rejects other shapes", () => {
    expect(decodeClientInfo("%%%")).toBeUndefined();
    expect(decodeClientInfo(Buffer.from('{"uid":1}').toString("base64url"))).toBeUndefined();
  });
});
