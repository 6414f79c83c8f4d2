import "server-only";
import { listDatasets } from "../../datasets/datasets.ts";
import { createTRPCRouter, protectedProcedure } from "../init.ts";

export const datasetsRouter = createTRPCRouter({
  list: protectedProcedure.query(() => listDatasets()),
});
