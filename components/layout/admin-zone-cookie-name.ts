/**
 * The cookie that carries the admin's browser zone to the server. In a module of its own: a constant
 * imported from a "use client" file into a server component arrives as a client reference, not a string.
 */
export const ADMIN_ZONE_COOKIE = "admin-tz";
