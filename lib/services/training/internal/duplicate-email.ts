import { ConflictError } from "@/lib/errors";

/** Instructors are told apart by email: a second one with the same address is refused. */
export const duplicateEmail = () =>
  new ConflictError("An instructor with this email already exists", { email: ["Already used by another instructor"] });
