"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ModelOption } from "./composer.tsx";

const MODEL_KEY = "ada:model";

type ModelList = { data: { id: string; owned_by: string }[] };

async function fetchModels(): Promise<ModelOption[]> {
  const response = await fetch("/api/v1/models");
  if (!response.ok) throw new Error(`Could not load the models (HTTP ${response.status}).`);
  const list = (await response.json()) as ModelList;
  return list.data.map((model) => ({
    id: model.id,
    label: model.owned_by === "demo" ? "Offline demo (scripted)" : model.id,
  }));
}

/**
 * The models served and the one in the picker: the user's last pick (kept in the browser), else
 * the session's, else the first. A pick applies from the next model call, mid-session included.
 */
export function useModelChoice(sessionModel: string | null) {
  const models = useQuery({ queryKey: ["models"], queryFn: fetchModels, staleTime: 60_000 });
  const [chosenModel, setChosenModel] = useState<string | null>(() => localStorage.getItem(MODEL_KEY));
  const available = models.data ?? [];
  const model =
    [chosenModel, sessionModel, available[0]?.id].find((id) => id && available.some((m) => m.id === id)) ??
    null;
  const chooseModel = (id: string) => {
    localStorage.setItem(MODEL_KEY, id);
    setChosenModel(id);
  };
  return { models, model, chooseModel };
}
