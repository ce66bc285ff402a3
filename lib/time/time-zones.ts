/** Every IANA zone the runtime knows, for pickers. */
export function allTimeZones(): string[] {
  return Intl.supportedValuesOf("timeZone");
}
