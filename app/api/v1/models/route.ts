import { gatewayRoute, identify } from "#server/inference/http.ts";
import { models } from "#server/inference/models.ts";

export const dynamic = "force-dynamic";

/** The models this deployment serves, in OpenAI's list shape. */
export function GET(request: Request) {
  return gatewayRoute(request, async () => {
    await identify(request, { allowKeys: true });
    return Response.json({
      object: "list",
      data: models.map((model) => ({
        id: model.id,
        object: "model",
        created: 0,
        owned_by: model.provider,
        context_window: model.contextWindow,
        max_output_tokens: model.maxOutputTokens,
      })),
    });
  });
}
