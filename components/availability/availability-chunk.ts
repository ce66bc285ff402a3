/** Rows of the Availability grid read at a time: the first chunk with the page, the rest as they come into view. */
export const AVAILABILITY_CHUNK = 50;
