import { scheduledFunctions } from "./scheduled";

export const functions = [...scheduledFunctions];
