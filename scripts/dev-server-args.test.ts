import { expect, it } from "vitest";
import { devServerArgs } from "./dev-server-args";

it("listens on 127.0.0.1 unless HOST says otherwise", () => {
  expect(devServerArgs({}).args).toEqual(["dev", "--port", "3000", "--hostname", "127.0.0.1"]);
  expect(devServerArgs({ PORT: "3206", HOST: "0.0.0.0" }).args).toEqual([
    "dev",
    "--port",
    "3206",
    "--hostname",
    "0.0.0.0",
  ]);
  expect(devServerArgs({ HOST: "" }).host).toBe("127.0.0.1");
});
