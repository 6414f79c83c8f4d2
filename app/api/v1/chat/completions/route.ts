import { serveChatCompletions } from "#server/inference/routes.ts";

export const dynamic = "force-dynamic";
export const maxDuration = 600;

export const POST = serveChatCompletions;
