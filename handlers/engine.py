"""The dialog engine: one event in, replies and effects out, for any channel.

The engine changes the conversation it is given and reads through the context's
repository; it writes nothing itself. The caller saves the conversation and carries
out the effects in one transaction, then delivers the replies.
"""

from __future__ import annotations

from collections.abc import Sequence

from handlers import intents, plan, prompts, review, searching
from handlers.answers import Problem, parse_answer
from handlers.buttons import ANYWHERE, anywhere, here, parse, step_token
from handlers.catalog.schema import Question, Scenario, Text
from handlers.context import EngineContext
from handlers.conversation import MENU, Conversation
from handlers.events import InboundEvent, IncomingFile, Reply, ResubmitCase, Speak, StepResult, SubmitCase
from handlers.identity import mask_phone

#: The resident's mobile, asked when staff file on their behalf; it links the resident to the case.
PROXY_PHONE = Question(key="proxy_phone", type="phone", label=Text(zh_CN="申请人手机号", en="Applicant's mobile"))
COMMANDS = ("start", "menu", "back", "cancel", "status", "help", "lang", "elder", "proxy")


async def step(conv: Conversation, event: InboundEvent, ctx: EngineContext) -> StepResult:
    dialog = Dialog(conv, ctx)
    await dialog.handle(event)
    if conv.elder and dialog.result.replies:
        spoken = tuple(r.speech or r.text for r in dialog.result.replies)
        dialog.result.effects.append(Speak(spoken, conv.locale))
    return dialog.result


async def remind(conv: Conversation, ctx: EngineContext) -> list[Reply]:
    """The one gentle reminder for a conversation left unfinished."""
    scenario = ctx.catalog.get(conv.scenario or "")
    if scenario is None:
        return []
    lang = conv.locale
    text = ctx.t(lang, "remind.text", name=scenario.name.get(lang))
    return [Reply(text, (anywhere(ctx.t(lang, "remind.resume"), "resume"),))]


class Dialog:
    def __init__(self, conv: Conversation, ctx: EngineContext) -> None:
        self.conv, self.ctx, self.result = conv, ctx, StepResult()

    # -- output -----------------------------------------------------------------
    def say(self, key: str, *buttons: object, **params: object) -> None:
        self.result.replies.append(Reply(self.ctx.t(self.conv.locale, key, **params), tuple(buttons)))  # type: ignore[arg-type]

    def send(self, reply: Reply) -> None:
        self.result.replies.append(reply)

    @property
    def scenario(self) -> Scenario | None:
        return self.ctx.catalog.get(self.conv.scenario or "")

    # -- dispatch ---------------------------------------------------------------
    async def handle(self, event: InboundEvent) -> None:
        if self.conv.scenario and self.scenario is None:
            self.conv.leave()  # the scenario was removed from the catalog since
            self.say("scenario.gone")
        text = event.text.strip()
        if event.kind == "command" or (event.kind == "text" and text.startswith("/")):
            await self.command(text.lstrip("/").split(maxsplit=1))
        elif event.kind == "button":
            await self.button(text)
        elif event.kind == "file":
            await self.files(event)
        elif event.kind == "voice":
            self.say("voice.unsupported")
            await self.prompt()
        else:
            await self.typed(text)

    async def command(self, words: list[str]) -> None:
        name = words[0].split("@")[0].lower() if words else ""
        argument = words[1].strip() if len(words) > 1 else ""
        if name in ("start", "menu"):
            await self.to_menu()
        elif name == "back":
            await self.back()
        elif name == "cancel":
            self.ask_cancel()
        elif name == "status":
            await self.status()
            await self.prompt(resume=True)
        elif name == "help":
            self.say("help.text")
            await self.prompt(resume=True)
        elif name == "lang":
            await self.language(argument)
        elif name == "elder":
            await self.elder("off" if self.conv.elder else "on")
        elif name == "proxy":
            await self.start_proxy()
        else:
            self.say("command.unknown", commands=" ".join(f"/{c}" for c in COMMANDS))
            await self.prompt(resume=True)

    async def button(self, data: str) -> None:
        token, action, argument = parse(data)
        if token == ANYWHERE:
            await self.global_action(action, argument)
        elif token != step_token(self.conv) or not self.conv.scenario:
            await self.stale(action)
        else:
            await self.step_action(action, argument)

    async def global_action(self, action: str, argument: str) -> None:
        if action == "menu":
            await self.to_menu()
        elif action == "all":
            self.send(prompts.all_scenarios(self.conv, self.ctx))
        elif action == "status":
            await self.status()
            await self.prompt(resume=True)
        elif action == "sc":
            await self.choose(argument)
        elif action == "pol":
            await self.show_policy(argument)
        elif action == "switch":
            await self.choose(argument, confirmed=True)
        elif action == "resume":
            await self.prompt()
        elif action == "cancel":
            self.ask_cancel()
        elif action == "cancel_yes":
            self.conv.leave()
            self.say("cancel.done")
            await self.prompt()
        elif action == "lang":
            await self.language(argument)
        elif action == "supplement":
            await self.start_supplement(argument)
        elif action == "elder":
            await self.elder(argument)
        elif action == "consent":
            await self.proxy_consent(argument)
        else:
            await self.stale(action)

    async def step_action(self, action: str, argument: str) -> None:
        handlers = {
            "start": self.start_questions,
            "toggle": self.toggle_item,
            "items_done": self.items_done,
            "answer": self.answer_by_button,
            "skip": self.skip,
            "later": self.later,
            "reuse": self.reuse,
            "submit": self.submit,
            "change": self.change,
            "edit": self.edit,
            "review": self.to_review,
        }
        handler = handlers.get(action)
        if handler is None:
            await self.stale(action)
        else:
            await handler(argument)

    async def stale(self, action: str) -> None:
        if action == "submit" and self.conv.last_case:
            self.say("submit.already", number=self.conv.last_case)
        else:
            self.say("button.stale")
        await self.prompt()

    # -- moving between steps ---------------------------------------------------
    async def prompt(self, resume: bool = False) -> None:
        """Show the current step again: after an error, an interruption or a restart."""
        conv, ctx, scenario = self.conv, self.ctx, self.scenario
        if scenario is None or conv.step == MENU:
            if not resume:
                self.send(prompts.menu(conv, ctx))
            return
        if resume:
            self.say("resume.where", name=scenario.name.get(conv.locale))
        kind, _, key = conv.step.partition(":")
        if kind == "notice":
            self.send(prompts.notice(scenario, conv, ctx))
        elif kind == "items":
            self.send(prompts.items(scenario, conv, ctx))
        elif kind == "field":
            self.send(self.with_back_to_review(prompts.question(scenario.question(key), conv, ctx)))
        elif kind == "material":
            material = scenario.material(key)
            earlier = await ctx.repo.earlier_material(ctx.user_id, key) if material.reusable else None
            self.send(self.with_back_to_review(prompts.material(material, conv, ctx, earlier)))
        elif kind == "change":
            self.send(review.change_menu(scenario, conv, ctx))
        else:
            self.send(review.review(scenario, conv, ctx))

    def with_back_to_review(self, reply: Reply) -> Reply:
        if not self.conv.editing:
            return reply
        label = self.ctx.t(self.conv.locale, "change.back")
        return Reply(reply.text, (*reply.buttons, here(self.conv, label, "review")), reply.speech)

    async def advance(self) -> None:
        scenario = self.scenario
        assert scenario is not None
        self.conv.editing = False
        self.conv.step = plan.next_step(scenario, self.conv)
        await self.prompt()

    async def start_proxy(self) -> None:
        """帮办代办: a staff member files for a resident, who must have agreed to it."""
        staff = await self.ctx.repo.staff_ref(self.ctx.user_id)
        if staff is None:
            self.say("proxy.not_staff")
            await self.prompt()
            return
        self.conv.leave()
        self.conv.step = "proxy_phone"
        self.say("proxy.phone")

    async def proxy_phone(self, text: str) -> None:
        value = parse_answer(PROXY_PHONE, text, self.ctx.now().date())
        if isinstance(value, Problem):
            self.say(value.key, **value.params)
            self.say("proxy.phone")
            return
        lang = self.conv.locale
        self.conv.step = "proxy_consent"
        self.conv.proxy = {"phone": str(value)}
        yes, no = (
            anywhere(self.ctx.t(lang, "answer.yes"), "consent:yes"),
            anywhere(self.ctx.t(lang, "answer.no"), "consent:no"),
        )
        self.say("proxy.consent", yes, no, phone=mask_phone(str(value)))

    async def proxy_consent(self, answer: str) -> None:
        staff = await self.ctx.repo.staff_ref(self.ctx.user_id)
        if self.conv.step != "proxy_consent" or not self.conv.proxy or staff is None:
            await self.stale("consent")
            return
        if answer != "yes":
            self.conv.leave()
            self.say("proxy.no_consent")
            await self.prompt()
            return
        self.conv.proxy = {**self.conv.proxy, "staff": staff, "consented_at": self.ctx.now().isoformat()}
        self.conv.step = MENU
        self.say("proxy.ready", phone=mask_phone(self.conv.proxy["phone"]))
        await self.prompt()

    async def elder(self, switch: str) -> None:
        self.conv.elder, self.conv.asked_elder = switch == "on", True
        self.say("elder.on" if self.conv.elder else "elder.off")
        await self.prompt()

    async def by_number(self, text: str) -> bool:
        """In elder mode "1" taps the first button of the current step, whatever the step."""
        scratch = Dialog(self.conv, self.ctx)
        await scratch.prompt()
        buttons = scratch.result.replies[-1].buttons if scratch.result.replies else ()
        number = int(text)
        if not 1 <= number <= len(buttons):
            return False
        await self.button(buttons[number - 1].data)
        return True

    async def to_menu(self) -> None:
        if self.scenario:  # an errand under way stays saved; say so before the menu
            self.say("menu.paused", name=self.scenario.name.get(self.conv.locale))
        self.send(prompts.menu(self.conv, self.ctx))

    async def choose(self, scenario_id: str, confirmed: bool = False) -> None:
        chosen = self.ctx.catalog.get(scenario_id)
        if chosen is None:
            await self.stale("sc")
            return
        current = self.scenario
        if current and current.id != chosen.id and not confirmed:
            lang = self.conv.locale
            self.say(
                "switch.confirm",
                anywhere(self.ctx.t(lang, "switch.keep", name=current.name.get(lang)), "resume"),
                anywhere(self.ctx.t(lang, "switch.go", name=chosen.name.get(lang)), f"switch:{chosen.id}"),
                current=current.name.get(lang),
            )
            return
        if current is None or current.id != chosen.id:
            self.conv.start(chosen.id)
        await self.prompt()

    async def start_supplement(self, number: str) -> None:
        """Reopen exactly what staff asked for; every other answer and document is kept."""
        found = await self.ctx.repo.supplement_for(self.ctx.user_id, number)
        scenario = self.ctx.catalog.get(found.scenario_id) if found else None
        if found is None or scenario is None:
            self.say("supplement.none", number=number)
            await self.prompt()
            return
        conv = self.conv
        conv.start(scenario.id)
        conv.answers = {k: v for k, v in found.answers.items() if k not in found.fields}
        conv.materials = {
            m.key: found.materials.get(m.key, []) for m in scenario.materials if m.key not in found.material_keys
        }
        conv.selected_items = found.items if scenario.selection == "a_la_carte" else None
        conv.supplement = {"number": number, "fields": found.fields, "materials": found.material_keys}
        self.say("supplement.start", number=number)
        await self.advance()

    async def back(self) -> None:
        scenario = self.scenario
        if scenario is None:
            self.send(prompts.menu(self.conv, self.ctx))
            return
        previous = plan.previous_step(scenario, self.conv)
        if previous is None:
            self.conv.step = "notice"
        else:
            kind, _, key = previous.partition(":")
            if kind == "field":
                self.conv.answers.pop(key, None)
            elif kind == "material":
                self.conv.materials.pop(key, None)
            elif kind == "items":
                self.conv.selected_items = None
            self.conv.step = previous
        self.conv.editing = False
        self.say("back.done")
        await self.prompt()

    def ask_cancel(self) -> None:
        scenario = self.scenario
        if scenario is None:
            self.send(prompts.menu(self.conv, self.ctx))
            return
        lang = self.conv.locale
        self.say(
            "cancel.confirm",
            anywhere(self.ctx.t(lang, "cancel.yes"), "cancel_yes"),
            anywhere(self.ctx.t(lang, "cancel.no"), "resume"),
            name=scenario.name.get(lang),
        )

    async def language(self, code: str) -> None:
        if code in ("zh_CN", "en"):
            self.conv.locale = code
            self.say("lang.set")
            await self.prompt()
            return
        self.say("lang.choose", anywhere("中文", "lang:zh_CN"), anywhere("English", "lang:en"))

    async def status(self) -> None:
        cases = await self.ctx.repo.cases_of(self.ctx.user_id)
        if not cases:
            self.say("status.none")
            return
        lang = self.conv.locale
        lines = [self.ctx.t(lang, "status.title")]
        for case in cases:
            scenario = self.ctx.catalog.get(case.scenario_id)
            name = scenario.name.get(lang) if scenario else case.scenario_id
            state = self.ctx.t(lang, f"case.status.{case.status}")
            lines.append(f"{case.number} · {name} · {state} · {case.created:%Y-%m-%d}")
        self.send(Reply("\n".join(lines)))

    # -- typed text ---------------------------------------------------------------
    async def typed(self, text: str) -> None:
        if self.conv.elder and text.isdigit() and await self.by_number(text):
            return
        if self.conv.step == "proxy_phone":
            await self.proxy_phone(text)
            return
        if not self.conv.scenario:
            await self.search(text)
            return
        intent = intents.detect(text)
        if intent:
            await self.interruption(intent)
            return
        kind, _, key = self.conv.step.partition(":")
        if kind == "field":
            await self.answer(key, text)
        elif intents.is_question(text) and await self.question(text):
            return
        elif kind == "material":
            self.say("material.waiting_file")
            await self.prompt()
        else:
            self.say("text.use_buttons")
            await self.prompt()

    async def search(self, text: str) -> None:
        if not text:
            self.say("invalid.empty")
            self.send(prompts.menu(self.conv, self.ctx))
            return
        for reply in searching.results(self.ctx.find(text, self.conv.locale), self.conv, self.ctx):
            self.send(reply)

    async def question(self, text: str) -> bool:
        """A question asked mid-scenario: answered from the policies, then back to the same step."""
        found = self.ctx.find(text, self.conv.locale)
        policy = self.ctx.find.passage(found.policies[0].id) if found.policies else None
        others = [h for h in found.scenarios if h.id != self.conv.scenario]
        lang = self.conv.locale
        if policy and (not others or found.policies[0].score >= others[0].score):
            self.send(searching.passage(policy, self.conv, self.ctx))
        elif others:
            buttons = [searching.hit_button(h, lang) for h in others[:3]]
            self.say("search.elsewhere", *buttons, anywhere(self.ctx.t(lang, "policy.carry_on"), "resume"))
        else:
            return False
        await self.prompt(resume=True)
        return True

    async def show_policy(self, passage_id: str) -> None:
        policy = self.ctx.find.passage(passage_id)
        if policy is None:
            await self.stale("pol")
            return
        self.send(searching.passage(policy, self.conv, self.ctx))

    async def interruption(self, intent: str) -> None:
        scenario = self.scenario
        assert scenario is not None
        lang = self.conv.locale
        if intent == "status":
            await self.status()
        elif intent == "duration":
            self.say("ask.duration", name=scenario.name.get(lang), days=scenario.sla_days)
        else:
            lines = [self.ctx.t(lang, "ask.materials", name=scenario.name.get(lang))]
            for m in plan.applicable_materials(scenario, self.conv):
                given = "ask.given" if self.conv.materials.get(m.key) else "ask.missing"
                lines.append(f"• {m.name.get(lang)} ({self.ctx.t(lang, given)})")
            self.send(Reply("\n".join(lines)))
        await self.prompt(resume=True)

    async def answer(self, key: str, text: str) -> None:
        scenario = self.scenario
        assert scenario is not None
        question = scenario.question(key)
        # A question is never a valid name or address: answer it, then ask the field again.
        if intents.is_question(text):
            if await self.question(text):
                return
            if question.type in ("text", "address"):
                self.say("search.no_answer")
                await self.prompt(resume=True)
                return
        value = parse_answer(question, text, self.ctx.now().date())
        if isinstance(value, Problem):
            self.say(value.key, **value.params)
            await self.prompt()
            return
        self.conv.answers[key] = value
        await self.advance()

    async def answer_by_button(self, number: str) -> None:
        kind, _, key = self.conv.step.partition(":")
        if kind != "field":
            await self.stale("answer")
            return
        await self.answer(key, number)

    # -- step buttons -----------------------------------------------------------
    async def start_questions(self, _: str) -> None:
        await self.advance()

    async def toggle_item(self, key: str) -> None:
        scenario = self.scenario
        assert scenario is not None
        chosen = plan.chosen_items(scenario, self.conv)
        if key in chosen:
            chosen.remove(key)
        elif any(i.key == key for i in scenario.items):
            chosen.append(key)
        self.conv.selected_items = chosen
        await self.prompt()

    async def items_done(self, _: str) -> None:
        scenario = self.scenario
        assert scenario is not None
        self.conv.selected_items = plan.chosen_items(scenario, self.conv)
        if not self.conv.selected_items:
            self.say("items.none")
            await self.prompt()
            return
        await self.advance()

    async def skip(self, _: str) -> None:
        scenario = self.scenario
        kind, _, key = self.conv.step.partition(":")
        if scenario is None or kind != "field" or scenario.question(key).required:
            await self.stale("skip")
            return
        self.conv.answers[key] = None
        await self.advance()

    async def later(self, _: str) -> None:
        scenario = self.scenario
        kind, _, key = self.conv.step.partition(":")
        if scenario is None or kind != "material" or scenario.material(key).required:
            self.say("material.required")
            await self.prompt()
            return
        self.conv.materials[key] = []
        await self.advance()

    async def reuse(self, _: str) -> None:
        kind, _, key = self.conv.step.partition(":")
        earlier = await self.ctx.repo.earlier_material(self.ctx.user_id, key)
        if kind != "material" or earlier is None:
            await self.stale("reuse")
            return
        self.conv.materials[key] = [dict(f, reused_from=earlier.case_number) for f in earlier.files]
        self.say("material.reused", case=earlier.case_number)
        await self.advance()

    async def to_review(self, _: str) -> None:
        await self.advance()

    async def change(self, _: str) -> None:
        self.conv.step = "change"
        await self.prompt()

    async def edit(self, target: str) -> None:
        scenario = self.scenario
        assert scenario is not None
        kind, _, key = target.partition(":")
        valid = (kind == "field" and any(q.key == key for q in scenario.fields)) or (
            kind == "material" and any(m.key == key for m in scenario.materials)
        )
        if kind == "items" and scenario.selection == "a_la_carte":
            self.conv.step, self.conv.editing = "items", True
        elif valid:
            self.conv.step, self.conv.editing = f"{kind}:{key}", True
            if kind == "field" and key in self.conv.answers:
                q = scenario.question(key)
                shown = review.shown_value(q, self.conv.answers[key], self.conv.locale, self.ctx.t)
                self.say("change.current", value=shown)
        else:
            await self.stale("edit")
            return
        await self.prompt()

    async def submit(self, _: str) -> None:
        scenario, conv = self.scenario, self.conv
        assert scenario is not None
        if plan.next_step(scenario, conv) != "review" or not plan.applicable_items(scenario, conv):
            self.say("submit.incomplete")
            await self.advance()
            return
        if conv.supplement:
            self.resubmit()
            return
        number = await self.ctx.repo.case_for_draft(conv.draft_id)
        if number:
            conv.last_case = number
            self.say("submit.already", number=number)
            return
        number = await self.ctx.repo.allocate_case_number(self.ctx.now().date())
        self.result.effects.append(self.case_of(scenario, number))
        self.send(review.receipt(scenario, conv, number, self.ctx))
        conv.last_case = number
        conv.leave()

    def resubmit(self) -> None:
        conv = self.conv
        asked = conv.supplement or {}
        number = str(asked["number"])
        self.result.effects.append(
            ResubmitCase(
                number=number,
                answers={k: conv.answers.get(k) for k in asked.get("fields", [])},
                materials={k: conv.materials.get(k, []) for k in asked.get("materials", [])},
            )
        )
        self.say("supplement.sent", anywhere(self.ctx.t(conv.locale, "menu.status"), "status"), number=number)
        conv.last_case = number
        conv.leave()

    def case_of(self, scenario: Scenario, number: str) -> SubmitCase:
        conv = self.conv
        asked = {q.key for q in plan.applicable_questions(scenario, conv)}
        given = {m.key for m in plan.applicable_materials(scenario, conv)}
        return SubmitCase(
            number=number,
            scenario_id=scenario.id,
            draft_id=conv.draft_id,
            answers={k: v for k, v in conv.answers.items() if k in asked},
            items=tuple(plan.applicable_items(scenario, conv)),
            materials={k: v for k, v in conv.materials.items() if k in given},
            locale=conv.locale,
            proxy=conv.proxy,
        )

    # -- files --------------------------------------------------------------------
    async def files(self, event: InboundEvent) -> None:
        scenario, conv = self.scenario, self.conv
        album = conv.album
        if scenario and album and event.group_id and album.get("group") == event.group_id:
            material = scenario.material(album["material"])
            if self.file_problem(event.files, material.accept, material.max_mb):
                return
            conv.materials.setdefault(material.key, []).extend(_described(event.files))
            return
        kind, _, key = conv.step.partition(":")
        refused = next((f for f in event.files if not f.staged), None)
        if refused is not None:
            self.say("file.over_cap", name=refused.name, mb=f"{refused.cap_bytes / 1048576:g}")
            await self.prompt()
            return
        if scenario is None or kind != "material":
            self.say("file.unexpected")
            await self.prompt()
            return
        material = scenario.material(key)
        if self.file_problem(event.files, material.accept, material.max_mb):
            await self.prompt()
            return
        conv.materials[key] = _described(event.files)
        conv.album = {"group": event.group_id, "material": key} if event.group_id else None
        self.say("material.received", name=material.name.get(conv.locale), count=len(event.files))
        await self.advance()

    def file_problem(self, files: tuple[IncomingFile, ...], accept: Sequence[str], max_mb: float) -> bool:
        """Tell the person what is wrong with the first refused file, if any."""
        lang = self.conv.locale
        kinds = "、".join(self.ctx.t(lang, f"kind.{k}") for k in accept)
        if not files:
            self.say("file.empty")
            return True
        for f in files:
            if not f.staged or f.size > max_mb * 1024 * 1024:
                self.say("file.too_large", name=f.name, mb=f"{max_mb:g}", size=f"{f.size / 1048576:.1f}")
                return True
            if f.size == 0:
                self.say("file.empty")
                return True
            if f.kind not in accept:
                self.say("file.wrong_kind", name=f.name, kinds=kinds)
                return True
        return False


def _described(files: tuple[IncomingFile, ...]) -> list[dict[str, object]]:
    return [{"name": f.name, "size": f.size, "kind": f.kind, "mime": f.mime, "sha256": f.sha256} for f in files]
