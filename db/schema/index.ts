export * from "./locations";
export * from "./instructors";
export * from "./events";
export * from "./assignments";
export * from "./admin-users";
export * from "./api-keys";
