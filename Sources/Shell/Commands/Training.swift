import Foundation
import NN
import Tensors

let trainCommand = Command(
    name: "train", usage: "train [epochs=E] [batch=B] [decay=F] [x=NAME] [y=NAME] [val=NAME|none] [batches=K] [threads=T]",
    helpArguments: { [ThreadsOption.help] },
    options: ["epochs": .number, "batch": .number, "decay": .number, "x": .workspaceName, "y": .workspaceName,
              "val": .oneOf([.workspaceName, .choice(["none"])]), "batches": .number] + ThreadsOption.declared,
    action: .workspaceOnThreads { ws, args, out, threads throws(ShellError) in
        try args.expectPositionals(atMost: 0)
        var net = try ws.requireNetwork()
        let classes = try classCount(net)
        let epochs = try args.int("epochs", default: 1, in: 1...10_000)!
        let batchSize = try args.int("batch", default: 64, in: 1...65_536)!
        let limit = try args.int("batches", in: 1...Int(Int32.max))
        let decay = try args.float("decay", default: 1, in: 0.01...1, expected: tr("train.decay.expected"))!
        if decay != 1 && ws.schedule != .constant {
            throw ShellError(tr("train.decay.schedule", args.string("decay")!, ws.schedule.rawValue),
                             expected: tr("train.decay.schedule.expected", ws.schedule.rawValue), hint: tr("train.decay.schedule.hint"))
        }
        let xName = args.string("x") ?? "x_train"
        let x = try batch(ws, xName, for: net)
        let y = try labels(ws, args.string("y") ?? labelName(for: xName), count: x.shape[0], classes: classes)
        try checkMemory(net, batch: min(batchSize, x.shape[0]))
        var validation: (x: Tensor, labels: Tensor)?
        let valName = args.string("val") ?? (ws.tensors["x_val"] != nil && ws.tensors["y_val"] != nil ? "x_val" : "none")
        if valName != "none" {
            let vx = try batch(ws, valName, for: net)
            validation = (vx, try labels(ws, labelName(for: valName), count: vx.shape[0], classes: classes))
        }
        // Ctrl-C during the checks above: stop before anything trains (progress is heard only after a batch).
        guard !Interrupt.isRequested else { throw ShellError(tr("train.interrupted-early")) }
        net = try ws.allocatedNetwork()
        ws.trainingRuns += 1
        let plan = TrainingPlan(x: x, labels: y, epochs: epochs, batchSize: batchSize, validation: validation, schedule: ws.schedule,
                                learningRateDecay: decay, batchLimit: limit, epochsBefore: ws.epochsBegun, run: ws.trainingRuns)
        let planned = min(epochs, limit.map { ($0 + plan.batchesPerEpoch - 1) / plan.batchesPerEpoch } ?? epochs)
        out.line(tr("train.run", plan.run, epochRange(plan.epochsBefore + 1, plan.epochsBefore + planned), xName, Format.grouped(x.shape[0]), batchSize, ws.optimizerSummary)
                 + (validation == nil ? "" : tr("train.run.validating", valName)))
        // The images this run will see, for the progress bar: batches=K may end it early.
        let images = min(plan.samples * plan.epochs, limit.map { $0 * batchSize } ?? .max)
        let start = Date()
        var trainedImages = 0
        let run = net.train(plan: plan, optimizer: &ws.optimizer, rng: &ws.rng) { progress in
            switch progress {
            case .batch(let b):
                trainedImages = b.samplesSeen
                ws.batchLosses.append(BatchLoss(epoch: Double(plan.epochsBefore) + Double(b.samplesSeen) / Double(plan.samples), loss: b.loss, run: plan.run))
                out.report("train", done: b.samplesSeen, total: images, unit: tr("progress.images"), detail: tr("train.progress.loss", Format.fixed(b.loss, 4)))
            case .epoch(let r):
                out.line(tr("train.epoch", r.epoch, Format.fixed(r.loss, 4)) + (r.validationLoss.map { tr("train.epoch.val-loss", Format.fixed($0, 4)) } ?? "")
                         + tr("train.epoch.train", Format.percent(r.trainAccuracy)) + (r.validationAccuracy.map { tr("train.epoch.val", Format.percent($0)) } ?? "")
                         + out.timing(r.seconds))
            }
            return !Interrupt.isRequested
        }
        ws.epochs += run.reports
        ws.logNotes[ws.log.count] = tr("train.note", plan.run, trained(run, plan))
        ws.network = net
        ws.forgetForward()
        if run.batches > 0 { ws.staleGradients = true }  // the last batch's, which explain cannot trace
        ws.steps += run.batches
        if run.batches > 0 { ws.optimizerReplacedAfter = nil }
        let cutShort: Bool  // by Ctrl-C or a fault, not by batches=K
        switch run.ending {
        case .finished:
            cutShort = false
        case let .stopped(epoch, batch):
            let interrupted = Interrupt.isRequested
            cutShort = interrupted
            out.line(tr(interrupted ? "train.interrupted" : "train.stopped", run.batches, epoch, batch, plan.batchesPerEpoch))
        case let .nonFinite(epoch, batch):
            cutShort = run.batches > 0  // else the command as typed replays to the same fault; batches=0 is no valid line
            out.line(tr("train.not-finite", epoch, batch, plan.batchesPerEpoch, ws.optimizer.learningRate))
        }
        if cutShort {
            // A replay of the log must end where this run ended: record how many batches ran.
            // (An interrupt request stays set so that a script or replay running this command stops too.)
            let kept = args.options.filter { $0.key != "batches" }.map { "\($0.key)=\($0.value)" }
            ws.recordAs = Words.line(["train"] + kept + ["batches=\(run.batches)"])
        }
        out.speed(images: trainedImages, since: start, threads: threads)
    })

/// What a run trained, for `history`: "epochs 11–13", or with a cut-short epoch "epoch 11 and 40
/// batches of epoch 12".
private func trained(_ run: TrainingRun, _ plan: TrainingPlan) -> String {
    let whole = run.reports.map(\.epoch)
    let partial = run.batches - whole.count * plan.batchesPerEpoch
    let epochs = whole.first.map { epochRange($0, whole.last!) }
    guard partial > 0 else { return epochs ?? tr("train.note.nothing") }
    let part = tr(plural: "train.note.batches", partial, partial, plan.epochsBefore + whole.count + 1)
    return epochs.map { tr("train.note.and", $0, part) } ?? part
}
