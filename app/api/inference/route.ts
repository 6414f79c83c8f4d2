import { serveAgentTurn, serveAnswerInFlight, serveStopAnswer } from "#server/inference/routes.ts";

export const dynamic = "force-dynamic";
export const maxDuration = 600;

export const POST = serveAgentTurn;
export const GET = serveAnswerInFlight;
export const DELETE = serveStopAnswer;
