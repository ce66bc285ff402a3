/**
 * Rows of the Availability grid read at a time: the first chunk with the page (a screen and the
 * virtualizer's overscan, ~23 rows), the rest as they come into view.
 */
export const AVAILABILITY_CHUNK = 30;
