/// The Japanese of `EnglishHelp`: the course's terms in polite prose; formulas, commands, options
/// and examples exactly as in English (a test compares the formula lines).
extension JapaneseText {
    static let help: [String: String] = [
        "help.list": "'course' で問題ごとのコマンドとスクリプト、help COMMAND で使い方と式:",
        "help.usage": "書式:",
        "command.shared.window-options": "stride= と pad= は、両方の軸に1つの数か、軸ごとに高さから順に数を取ります（stride=2x1、pad=0x1）。pad=same は各軸に P = (K − 1)/2 のパディングを入れ、ストライド 1 ではサイズを保ち（O = (N + K − 1 − K)/1 + 1 = N）、それ以外では ⌈N/S⌉ にします。カーネルの大きさが奇数のときだけ使えます。",
        "command.shared.threads-option": "threads=T は T 個のスレッドで実行し（{0} から {1} まで。既定は 2、コアが1つなら 1）、終わるとスレッドの数を元に戻します。結果は T がいくつでもビット単位で同じなので、セッションは threads=T を入力どおりに記録し、再生しても同じワークスペースになります。プロンプトでは（または --timings を付けると）最後に、何枚の画像を何秒で処理したか、何スレッドで毎秒何枚かを1行で表示します（train の時間には検証の分も含みます）: threads=1 と threads=2 を比べると速くなるのがわかります。スクリプトではこの行を出さないので、どのマシンでも出力は同じです。",
        "command.net.preset": "  {0}（{1}）: {2}。",
        "command.help.summary": "コマンドの一覧、または1つのコマンドの説明（?、COMMAND --help でも）",
        "command.help.help": "引数なしでは、すべてのコマンドを1行の説明とともに一覧します。コマンド名を付けると、その書式、働き、そのステップに当たる講座の式を表示します。'?' も 'help' と同じで、'COMMAND --help' と 'COMMAND -h' は 'help COMMAND' と同じです。",
        "command.lang.summary": "メッセージの言語の表示と切り替え",
        "command.lang.help": "cnnsh が表示に使う言語を選びます: en（English）または ja（日本語。講座の用語を使います: 畳み込み層、出力サイズ、逆伝播...）。コマンド、オプション名、ワークスペースの名前は入力したとおりのままなので、スクリプトはどちらの言語でも同じように動きます。起動時の言語は環境変数（LC_ALL、LC_MESSAGES、LANG の順。ja... なら日本語）か、cnnsh --lang の指定に従います。ここで入力した 'lang' は 'save session' が記録するので、再生しても同じ言語で表示されます。",
        "command.vars.summary": "ワークスペースの一覧: 名前、形状、サイズ",
        "command.vars.help": "ワークスペースのすべてのテンソルに続けて、ネットワークのパラメータ（LAYER.W、LAYER.b）、その勾配（LAYER.dW、LAYER.db）、各層の最後の出力（LAYER.out）、直前の逆伝播で各層の入力に届いた勾配（LAYER.dx）を、それぞれの形状とメモリ上のサイズとともに一覧します。",
        "command.show.summary": "画像、フィルタ、特徴マップの描画と、小さなテンソルの値の表示",
        "command.show.help": """
            絵として読めるものを描きます: 数字1つ（show x_train[0]）、ラベル付きの数字の格子（show x_train[0:16]）、畳み込み層のすべてのフィルタ（show conv1.W。符号付きの値を青–黒–赤の色で描き、その範囲を表示します）、1枚の画像の特徴マップ（show conv1.out[0]）。カラーの端末では2つの画素が1文字のセルを分け合います（▀）。スクリプト、パイプ、NO_COLOR や --plain のときは、同じ絵を ASCII の濃淡 ' .:-=+*#%@' で描きます（符号付きなら負は % = - '、正は . + * #）。
            scale=K はすべての画素を K×K（幅 K 列）で描きます。既定では、小さなタイルを長い辺が {0} 以上になるまで、端末の幅が許す限り拡大します（5×5 のフィルタなら 2）。28×28 の数字は 1 のままです。タイル1枚が端末より広くなる scale は受け付けません。横に並びきらないタイルは次の行に続きます。
            その他のテンソルは、値が 256 個以下ならその値を（行列は行ごとに、それより高い階数は先頭の添字ごとに1つの行列として）、それより多ければ形状と統計量（最小、最大、平均、標準偏差）を表示します。as= で選べます。
            """,
        "command.del.summary": "ワークスペースからテンソルを削除",
        "command.del.help": "指定したテンソルを削除します。メモリは、ほかに共有するものがなくなった時点で解放されます。層のパラメータはネットワークのものなので、この方法では削除できません。最初からやり直すには 'net new' を使います。",
        "command.tensor.summary": "テンソルを手で作る（講座の小さな例）",
        "command.tensor.help": """
            形状 SHAPE（2x1x4x4 など）のテンソルを作ります。fill=arange は行優先の順に 0, 1, 2... と番号を振り（既定）、zeros と ones はそれぞれ 0 と 1 で埋め、randn は N(0, 1) から、rand は U[0, 1) から、セッションのシードで値を引きます。values= はすべての値をカンマ区切りで与えます。
            講座の im2col の例: tensor x 2x1x4x4 のあと im2col x 2x2。
            """,
        "command.seed.summary": "以後のすべての乱数を N から決める",
        "command.seed.help": "乱数生成器を N（0 以上の整数）から始め直します。重みの初期値、各エポック前のシャッフル、検証データの分割、乱数のテンソルはすべてここから引くので、同じシードのあとで同じコマンドを実行すれば同じ数値になります。セッションはシード 0 で始まります。N を省くと現在のシードを表示します。N のあとの --quiet は何も表示せずに設定します: シードを入力しなかったセッションのスクリプトは 'save session' によって 'seed 0 --quiet' で始まるので、その再生はセッションが表示したものだけを表示します。",
        "command.load.summary": "画像セット（NCHW のテンソル）、自分のサンプル（.npz、CSV）、NumPy の配列、保存した重み、保存したワークスペースの読み込み",
        "command.load.help": """
            MNIST（cnnsh に同梱）または Fashion-MNIST（Debian の dataset-fashion-mnist、/usr/share/datasets/fashion-mnist）の4つの IDX ファイルを、dir=PATH があればそこから読み込みます。画像は [0, 1] にスケールした N×1×28×28 のテンソル（pixel/255）に、ラベルはクラス番号 0...9 になります。
            load npz は .npz（numpy.savez または numpy.savez_compressed）のすべての配列を、キーを名前とする float32 のテンソルとして、形状はそのままで読み込みます。名前に使えないキーでは、使えない文字がそれぞれ _ になり（conv1.W → conv1_W）、先頭が数字なら前に _ が付きます。as=PREFIX はすべての名前の前に付きます（as=my_ → my_x_train）。x=KEY と y=KEY はその配列だけを、train と accuracy のためのサンプルとラベルとして読み込みます: サンプル N×H×W は N×1×H×W になり、N×F はそのままです。サンプル N×A×B×C は、C が 1、3、4 のいずれかで A がそのどれでもないときに限りチャンネルが最後（N×H×W×C、Keras が CIFAR を保存する形）とみなして N×C×H×W にし、それ以外はすでに N×C×H×W としてそのままにします（N×3×32×3 のように A と C のどちらもチャンネルでありうるときは、どちらに読んだかを出力が示します）。uint8 のサンプルは load mnist の画素と同じく [0, 1] にスケールし（value/255）、ほかの dtype はそのままです。NaN や無限大のサンプル値（float32 の範囲を超える float64 はこれになります）は、その位置を示して受け付けません。ラベルはサンプルごとに1つで、クラス番号（N または N×1、0 から {0} までの整数）か N×K の one-hot の行です。Keras の mnist.npz なら: 'load npz mnist.npz x=x_train y=y_train'、続いて x=x_test y=y_test。
            load csv は、1行に1サンプル、どのフィールドも数値のファイルを x_SET と y_SET に読み込みます（as=SET。既定は train なので x_train と y_train）。1行目は、どのフィールドも空でなく数値のようにも始まらない（3x、-.5、nan のようでない）ときはヘッダ、そうでなければ最初の行です。ヘッダを見つけたときは出力がそう示します。label=COLUMN はラベルの列を、ヘッダの名前（一字一句同じもの、なければ大文字と小文字を区別せずに）か 1 から数えた番号で指定します（既定は label という見出しの列があればその列。label=none はラベルなしで、古い y_SET を削除します）。ラベルは 0 から {0} までの整数でなければなりません。shape=CxHxW は各行のほかのフィールドを C×H×W の画像にし（フィールドの数はその積に等しくなければなりません）、指定がなければ1行は F 個の特徴量です。フィールドはカンマで区切ります。ダブルクォートで囲んだフィールドは、1行の中でならカンマや、引用符を表す "" を含められます（1行の中での RFC 4180）。フィールドの前後の空白と空行は読み飛ばします。列数のそろわない行、数値でないフィールド、閉じていない引用符、範囲外のラベル、合わない形状は FILE:LINE:COLUMN: 問題 の形で受け付けません（列はフィールド単位で数えます）。ヘッダよりフィールドの多い行や、名前だけでメモリ上限を超えるヘッダは、何かを作る前に受け付けません。
            load npy は NumPy の .npy ファイル（float32 か float64、整数か bool、C 順）を float32 のテンソルとして読み込みます。load weights は LAYER.W と LAYER.b の配列（batchnorm なら LAYER.gamma、LAYER.beta、LAYER.running_mean、LAYER.running_var も）を持つ .npz（'save weights' が書く形）をネットワークに読み込みます。名前や形状が合わないファイルは、違いを一覧して受け付けません。
            save workspace FILE はワークスペース全体を1つのファイルに書きます。numpy.load でも開ける .npz です（manifest.json の横に tensors/NAME、network/LAYER.W、optimizer/m/LAYER.W...）: 名前の付いたテンソル、ネットワークの層（レシピとして）とその重み・勾配・batchnorm の統計量、最適化手法とその状態（Adam のモーメントとステップ数）、スケジュール、シードと乱数生成器の位置、学習の履歴（'plot loss'）、セッションのログ。load workspace FILE はワークスペース全体をその内容で置き換えます: そのあとの 'train' は保存したシェルが続けたのとまったく同じに続き、'save session' は読み込んだログにそれ以降のコマンドを続けて書きます。どちらもログには記録されません（再生はファイルがあることを当てにできないため）。load は 'undo' で取り消せます。保存されないもの: 直前の順伝播の出力（forward をもう一度実行します）とメモリ上限。別のバージョンの cnnsh のファイル、壊れたファイル、途中で切れたファイルは受け付けず、ワークスペースは元のままです。
            train=N と test=N はそれぞれのセットの先頭 N 枚だけを残します。val=FRACTION は訓練データの画像のうち、シードで選んだ割合 FRACTION を x_val、y_val に移します（残りはシャッフルされて x_train に残ります）。
            """,
        "command.limit.summary": "1つのコマンドが使えるメモリの上限の表示と設定",
        "command.limit.help": "上限（既定はこのマシンのメモリの半分）より多くのメモリが要るコマンドは、システムに強制終了される代わりに、必要なサイズを示して拒否されます。SIZE はバイト数で、単位を付けられます（K、M、G、T。B はあってもなくても: 512MB、4GB、2G、1.4TB）。拒否のメッセージもこの形で表示します。",
        "command.net.summary": "空のネットワーク、または講座のネットワークや有名な画像認識モデルを作る",
        "command.net.help": """
            net new は、input= の形状（既定は x_train の画像1枚の形状、なければ 1x28x28）のサンプルのための空の逐次ネットワークを作ります。層は 'add' で加えます。
            net PRESET は既知のネットワークをその入力に合わせて作ります（lenet、simpleconvnet、fc は読み込み済みなら x_train の形状を使い、input= で別の形状を選べます）。出力の数は classes= です（既定はプリセットのもの）:
            {0}
            lenet は学習の設定 'optimizer adam lr=0.003 schedule=cosine' も選びます。この設定で 'train epochs=5' は MNIST で 99% に届きます。変えるには、そのあとで別の最適化手法を選びます。
            ネットワークは、重みが必要になるまでは設計図です: 'shapes' はどんな大きさでもすぐに表示し、重みは最初の forward、train、step、load weights のときに作られ（各層を追加したときに決めたシードから引くので、いつも同じ値です）、メモリ上限（'limit memory='）に収まれば保持されます。save weights、重みの show、accuracy、predict、gradcheck は同じ値を引きますが、保持はしません。
            新しいネットワークは古いものを置き換え、最適化手法の状態をリセットします。引数なしでは、ネットワークを 'shapes' と同じように表示します。
            """,
        "command.add.summary": "ネットワークに層を追加し、形状を確かめる",
        "command.add.help": """
            層を1つ追加し、その前の層の出力に合うかを確かめます。
            conv2d（畳み込み層）: C×KH×KW のフィルタが M 枚。出力は (M, OH, OW) で OH = (H + 2P − KH)/S + 1、パラメータ数は M·C·KH·KW + M。
            maxpool（最大プーリング層）、avgpool（平均プーリング）: KH×KW の窓、ストライド S（既定は各軸で窓の大きさ）、パディング P（各軸で窓より小さい）。出力は同じ式で (C, OH, OW)。パラメータはありません。
            {0}
            conv1d、maxpool1d: 同じことを系列 C×L に沿って1つの軸で行います（'net new input=CxL' で始めます）: conv1d の C×K のフィルタ M 枚で (M, L_out)、L_out = (L + 2P − K)/S + 1、パラメータ数は M·C·K + M。maxpool1d の大きさ K の窓（ストライドは指定がなければ K、P < K）で (C, L_out)。どちらも、1行の画像 C×1×L に 1×K の窓をかける conv2d と maxpool として動きます。
            conv2d とプーリング層では、ストライドが H + 2P − KH（または W + 2P − KW）を割り切れないと出力は切り捨てになり、最後の行や列は覆われません。add は 'outsize' と同じように警告します。
            fc（全結合層）: y = x·W + b、W の形状は in×N。パラメータ数は in·N + N。平らな入力が必要なので、先に add flatten（平滑化）を使います。
            活性化関数: relu max(0, x); tanh; sigmoid 1/(1 + e^−x); softmax e^x_i / Σ_j e^x_j（backward と train では交差エントロピー誤差と組み合わせます）。
            dropout P（0 ≤ P < 1）: 学習中は y = x·m/(1 − P)。各 m は確率 1 − P で 1、それ以外は 0 です（順伝播ごとに新しいマスクを、ワークスペースのシードから引きます）。dx = dA·m/(1 − P)。評価（accuracy、predict、検証、forward mode=eval）では y = x: 学習中に 1 − P で割っておくので、期待値は変わりません。
            batchnorm: C×H×W ならチャンネルごとに（バッチと位置にわたって）、ベクトルなら特徴量ごとに、バッチの μ と σ² で y = γ·(x − μ)/√(σ² + ε) + β。γ（初期値 1）と β（初期値 0）を学習し、パラメータ数は 2·C。学習中は running_mean と running_var も更新します: running = (1 − M)·running + M·batch（モメンタム M、既定は 0.1。running_var には不偏分散を使います）。評価ではバッチの値の代わりにこれを使います。eps E は ε で、既定は 1e-5。逆伝播: dβ = Σ dA, dγ = Σ dA·x̂, dx = (γ/(m·√(σ² + ε)))·(m·dA − Σ dA − x̂·Σ dA·x̂)（和はチャンネルの m 個の値にわたります）。
            leakyrelu a: x > 0 なら x、そうでなければ a·x（既定は a = 0.01）。dx = dA、ただし x ≤ 0 では a·dA。
            init（初期化方法）: gauss:σ は重みとバイアスを N(0, σ²) から引きます（講座の SimpleInitializer と同じ）。xavier σ = √(1/fan_in) と he σ = √(2/fan_in)（既定）は重みを引き、バイアスを 0 から始めます。name= は層の名前（conv1、relu1、pool1、fc1...）を変えます。
            """,
        "command.optimizer.summary": "step が重みを更新する方法（最適化手法）を選ぶ",
        "command.optimizer.help": """
            {0}
            adam:     m ← β1·m + (1 − β1)·dW;  v ← β2·v + (1 − β2)·dW²;  m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ)（t はステップ数）;  W ← W − lr·m̂/(√v̂ + eps)  (lr 0.001, beta1 0.9, beta2 0.999, eps 1e-8)。既定で、論文と PyTorch の形です。
                      講座の common/optimizer.py は lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ), W ← W − lr_t·m/(√v + 1e-7) と書きます: その ε は補正前の √v の横にあり、実質的には √v̂ の横の ε/√(1 − β2ᵗ)（ステップ 1 では 32·ε）なので、勾配が ε に近い重みはそちらではあまり動きません。
            schedule=cosine は 'train' の1回の実行にわたって学習率を下げていきます: T 個のうち t 番目のバッチは lr·½(1 + cos(π·t/T)) を使い、lr から 0 に向かって下がります（既定の schedule=constant は lr のままです）。
            最適化手法を選ぶと、その状態はリセットされます。引数なしでは、今の最適化手法を表示します。
            """,
        "command.shapes.summary": "ネットワークを層ごとに: 形状、パラメータ数、受容野、積和の回数",
        "command.shapes.help": """
            Keras の summary() のように、各層の1サンプルあたりの出力の形状とパラメータ数を式で（conv: M·C·KH·KW + M、fc: in·out + out）、最後に合計を表示します。
            2つ目の表は、各層がどれだけの範囲を見ているかと、その計算量を示します。受容野（rf）は、出力の値1つが各軸で入力の何画素に依存するか、間隔（jump）は隣り合う値の受容野の始まりが入力で何画素離れているかです。入力では r = 1, j = 1 で、ストライド S の K×K の窓を通ると
                r_out = r_in + (K − 1)·j_in,   j_out = j_in·S
            となります（パディングは受容野をずらすだけで、広げはしません）。relu、leakyrelu、tanh、sigmoid、dropout、batchnorm、flatten は値を1つずつ扱うので受容野を変えません。fc はすべての値を混ぜ、softmax はそれぞれを全体の Σ_j e^x_j で割るので、どちらかより後では、どの値も入力全体を見ています（受容野は「全体」）。LeNet の conv1 は 5、pool1 は 6、conv2 は 14、pool2 は 16 を見ます（間隔 4）。3×3 の畳み込み層を3つ重ねると、7×7 の1つと同じく 7 を見ます。
            メモリは、その層の1サンプル分の出力が float32（1つの値が 4 バイト）で占める大きさです: 順伝播はすべての層の出力を保持し、学習ではその勾配のために同じだけを加えて保持し、それぞれバッチサイズ倍になります。1つ目の表の合計は、これを読みやすい単位で重みの大きさとともに示します。ネットワークは重みが最初に必要になるまでは設計図で、'shapes' が重みを作ることはありません。
            1 サンプルの積和演算数は1サンプルあたりの積和の回数を式で示します: conv OH·OW·M·C·KH·KW（conv1d L_out·M·C·K。OH·OW·M 個の出力のそれぞれが C·KH·KW 個の積の和です）、fc in·out、batchnorm は値1つにつき1回（C·H·W または F: 各 x̂ に γ を掛けて β を足します）。プーリング層、活性化関数、dropout、flatten、softmax は重みを掛けないので 0 で、バイアスの足し算も数えません。
            """,
        "command.outsize.summary": "出力サイズとパラメータ数の計算（途中の計算つき）",
        "command.outsize.help": """
            畳み込み層やプーリング層の窓についての、講座の出力サイズの式（軸ごと）:
                O = (N + 2P − F)/S + 1
            INPUT は N、HxW または HxWxC（講座の問題が体積を書くように、チャンネルが最後: 144x144x3）。KERNEL は F、FxF、または FxFxM で、M はフィルタの枚数です（3x3x6: 3×3 のフィルタ 6 枚）。filters=M でも同じです。
            {0}
            フィルタの枚数があれば、出力の体積 O_h×O_w×M とパラメータ数 (F·F·C + 1)·M を表示します: フィルタの値1つにつき重み1つ、フィルタ1枚につきバイアス1つです。
            S が N + 2P − F を割り切れないときは、窓が入力をちょうど敷き詰めません: どのフレームワークも割り算を切り捨て、パディングした入力の最後の (N + 2P − F) mod S 行または列はどの窓にも覆われないので、答えは切り捨てた値です。末尾のパディング P より多く余ると入力そのものの値が捨てられ、その数を警告します（'add' も同じように警告します）。余るのがパディングだけなら、何も失われません。
            最後に、出力の値1つの受容野: 1辺あたり r = 1 + (F − 1)·1 = F 個の入力の値で、隣り合う出力の受容野は j = S ずつ離れて始まります。'shapes' は同じ漸化式 r_out = r_in + (F − 1)·j_in と j_out = j_in·S をネットワーク全体にわたってたどります。
            """,
        "command.im2col.summary": "画像のパッチを行列の行に展開する（Conv2d と同じ方法）",
        "command.im2col.help": """
            入力 N×C×H×W と KH×KW の窓から、形状 (N·OH·OW)×(C·KH·KW) の行列を作ります: 出力の位置ごとに1行（画像ごと、行ごとの順）で、その窓の下にある C·KH·KW 個の入力の値を（チャンネルごと、次に行ごとの順に）並べ、窓がパディングにかかるところは 0 です。畳み込みは、この行列と、M×(C·KH·KW) に形を変えて転置したフィルタとの積になります。
            {0}
            行列が小さければその値を、そうでなければ形状と統計量を表示し、'cols'（または as=NAME）として保持します。
            講座の例: tensor x 2x1x4x4 のあと im2col x 2x2。
            """,
        "command.col2im.summary": "列の行列を画像に畳み戻す（窓が重なるところは足し合わせる）",
        "command.col2im.help": """
            im2col の逆向きの操作で、同じ引数と画像の形状 C×H×W を取ります: TENSOR は、'im2col' が N 枚の画像 C×H×W から作るような (N·OH·OW)×(C·KH·KW) の行列で、その値をそれぞれ写し元の画素に足し込みます:
                image[n, c, h, w] = Σ cols[n·OH·OW + oh·OW + ow, (c·KH + i)·KW + j]（すべての窓 (oh, ow) とずれ (i, j) にわたる和、h = oh·S + i − P, w = ow·S + j − P）
            パディングに当たっていた値は捨てます。いくつもの窓の下にある画素は窓ごとに1つずつ値を受け取るので、col2im は im2col を元に戻しません: col2im(im2col(x)) = x ⊙ counts。counts[h, w] は画素 (h, w) を覆う窓の数です。この和こそ畳み込み層の逆伝播に必要なもので、dx = col2im(dcols) では各画素が、自分が加わったすべての窓の勾配を集めます。
            {0}
            画像（小さければ値、そうでなければ絵）と counts の格子を表示し、'image'（または as=NAME）と 'counts'（H×W）として保持します。
            講座の例: tensor x 2x1x4x4、im2col x 3x3 のあと col2im cols 1x4x4 3x3。
            """,
        "command.forward.summary": "ネットワークに X を通す順伝播（各層の出力を保持）",
        "command.forward.help": """
            X（ネットワークの入力の形状のサンプル N 個、または1個）をすべての層に順に通し、各出力の形状を表示します。出力は LAYER.out（conv1.out、pool1.out...）としてワークスペースに残り、'show' や 'backward' に使えます。
            1,000 個を超えるサンプル（たとえば x_train 全体）では、メモリを抑えるため 500 個ずつに分けて実行し、最後の層の出力だけを保持します。すべての層の出力を保持して逆伝播するには、スライスを forward します。
            各層はそのヘルプのとおり y = f(x) を計算し、ネットワークはその合成 y = f_L(...f_2(f_1(x))) です。
            mode=train（既定）は学習と同じ通し方です: dropout は新しいマスクを引いて値を落とし、batchnorm はバッチ自身の平均と分散で正規化して移動統計量を更新します。このあと 'backward' を続けられます。mode=eval は accuracy、predict、mistakes、confusion、検証と同じ通し方です: dropout は x をそのまま渡し、batchnorm は移動統計量を使い、何も変わらず、逆伝播のためには何も保持しません。dropout と batchnorm のないネットワークでは2つは一致します。1,000 個を超えるサンプルは分けて、常に eval のモードで実行します（それらに mode=train は使えません）。
            """,
        "command.backward.summary": "直前の順伝播からの逆伝播: 損失とすべての勾配",
        "command.backward.help": """
            直前の 'forward' のサンプルのラベル Y（クラス番号、または one-hot の行）があれば、損失はクラスのスコアの softmax 交差エントロピー誤差です:
                L = −(1/N) Σ_n log softmax(z_n)[t_n],  dL/dz = (softmax(z) − onehot(t))/N,
            ここで z は最後の softmax 層の前の出力です（数値の安定のため、損失が softmax を含んで計算します）。勾配はそこから連鎖律 dL/dx = dL/dy · dy/dx で層ごとに逆向きに流れ、各層は dL/dW と dL/db を LAYER.dW と LAYER.db として保持します。
            dA=NAME では、講座の演習のように、自分で作った勾配（たとえば 'tensor' で）を最後の層の出力から逆伝播します: NAME は最後の出力と同じ形状でなければなりません。
            どちらもなければ、最後の出力から 1 ばかりの勾配を逆伝播します（講座は、どの勾配も微分する対象と同じ形状かを確かめるためにこうします）。
            損失と、各パラメータの勾配のノルム ‖dW‖ を表示します。各層の入力に届いた勾配は LAYER.dx（conv1.dx、relu1.dx、pool1.dx...。最後の softmax のものは損失の (y − t)/N）として、最初の層のものは dx としても保持します。'explain' でどれでもたどれます。
            """,
        "command.explain.summary": "値を1つ、数値つきで講座の式までたどる",
        "command.explain.help": """
            層の出力（LAYER.out。'forward' のあと）、勾配（LAYER.dx、LAYER.dW、LAYER.db。'backward' のあと）、または損失の要素を1つ取り、講座の式、その要素の添字を入れた同じ式、各項とその数値（長い和では、窓ごとに格子で: 入力のパッチとフィルタの切り口を並べ、その積と和を。または大きい項から順に、残りの合計とともに）、保存された入力から Double で計算し直した結果、それが保存された値と等しいかを表示します。添字はすべて指定します（負の添字は末尾から数えます）: explain conv1.out[0][2][10][12]、explain loss、explain loss[3]。
            S はストライド、P はパディング、dA は層の出力での勾配（次の層の dx、または backward の出発点）、N はバッチです:
            {0}
            float32 の丸めの範囲で一致する値には ✓ が付きます。違いがあるなら、その値を作った forward や backward のあとで重みが変わっています。
            """,
        "command.step.summary": "直前の逆伝播の勾配で最適化手法を1回適用する",
        "command.step.help": "最適化手法（'help optimizer' を参照）を、直前の 'backward' が保持した勾配を使って、すべてのパラメータに1回適用します: sgd なら W ← W − lr·dW。最適化手法のステップ数（最適化手法を選ぶか層を変えると 1 から数え直し、'optimizer' のあとの最初のステップはそう示します）、最適化手法、重みがどれだけ動いたか（全パラメータにわたる ‖ΔW‖）を表示します。",
        "command.train.summary": "ミニバッチ学習（1エポックごとに1行）",
        "command.train.help": """
            各エポックで x（既定は x_train）をセッションのシードでシャッフルし、B 個（64）ずつのミニバッチに分けます: バッチごとに順伝播、softmax 交差エントロピー誤差の損失、逆伝播、最適化手法の1ステップ（'help optimizer' を参照）。各エポックのあとで、平均の損失、括弧（）の中に検証データでの損失（評価モードでの交差エントロピー誤差の平均）、見てきたバッチでの正解率、検証データでの正解率を表示します（x_val と y_val があればそれを使います。val=x_test なら x_test と y_test、val=none なら検証しません）。
            エポックはネットワークの学習全体を通して数えます: 2回目の train は1回目が終わったところから続き（'実行 2: エポック 4–6'）、途中で止めたエポックも数え、'plot' と 'history' は実行ごとに印を付けます。新しいネットワーク（net、add）は run 1、epoch 1 から数え直します。
            学習率は最適化手法のスケジュールに従います（'help optimizer' を参照）: net lenet の設定では、実行ごとにコサインで下げていきます。一定のスケジュールでは、decay=F が各エポックのあとで学習率に F を掛けます（既定は 1 で、変わりません）。
            batches=K は合計 K 個のバッチで止めます。Ctrl-C は次のバッチの区切りで止め、それまでに学習した重みを残します。セッションは何個のバッチを実行したかを記録するので、再生しても同じところで終わります。
            {0}
            """,
        "command.accuracy.summary": "ネットワークが X を正しく分類する割合（正解率）",
        "command.accuracy.help": "accuracy = (いちばん高いクラスのスコアが正解ラベルであるサンプルの数) / N。X と Y の既定は x_test と y_test です。X だけを指定すると、Y は X の名前の x を y に替えたものです（x_val → y_val）。分けて実行するので、サンプルがいくつでもメモリに収まります。Ctrl-C は区切りの間で止めます。 {0}",
        "command.predict.summary": "サンプルごとのネットワークの推定クラスとラベル",
        "command.predict.help": "X の各サンプル（それより多ければ最初の 20 個）について、推定したクラス（いちばん高いスコア）、その softmax の確率、ラベルがわかれば（Y、または X の名前の x を y に替えたもの）正解のラベルを表示します。すべての推定を 'predictions' として保持します。 {0}",
        "command.gradcheck.summary": "ネットワークの勾配を数値微分と照らし合わせる",
        "command.gradcheck.help": """
            逆伝播で求めた各パラメータの勾配 g を、LAYER（既定はすべての層）の各パラメータの K 個（既定は 10）の要素で数値微分 n と比べます: テンソル全体に散らばった g が 0 でない要素を選び、0 でない要素が K 個に満たないときだけ 0 の要素も使います（'zero' はそれを数えます）。
            損失は L = Σ y⊙R で、ネットワークの出力 y を固定した乱数 R と掛け合わせるので、softmax も含めてすべての層の逆伝播が使われます。n のためには L を同じ重みから倍精度で計算し直すので、float32 の丸め（各値の約 1e-7）が違いを作ることも隠すこともありません。中心差分 D(s) = (L(w + s) − L(w − s))/2s を h = 1e-3·max(1, |w|) で外挿します: n = (4·D(h/2) − D(h))/3（リチャードソン外挿: D の h² の誤差が打ち消し合います）。
            ReLU や最大プーリング層がステップの中で切り替わるところでは、切り替わらない側を使うか（n = 2·S(h/2) − S(h)、S(s) = (L(w ± s) − L(w))/±s）、10、100、1000 分の1のステップを使います。どのステップでも両側で切り替わる要素は除きます（'at kinks'）。
            表示する誤差は max|g − n| / max(|g|, |n|) で、どちらの最大も調べた要素にわたります（折れ目の要素は除きます）。1e-3 未満なら ok と示します（float32 の逆伝播の精度は約 1e-5 です）。比べた勾配が g も n もすべて 0 の行（または調べた中で最大のものの百万分の1未満: batchnorm がもう一度引き去るバイアスのような float32 の丸め）は何も比べていないので、ok ではなく 'all zero' と示します。x（64 サンプルまで）の既定は x_train[0:2]、データを読み込んでいなければ2つの乱数の入力です。batchnorm があるときは 16 個です（2 サンプルでの batchnorm の逆伝播は float32 の桁のほとんどを打ち消してしまうため）。ワークスペースは変わりません。Ctrl-C は要素の間で止めます。
            """,
        "command.confusion.summary": "混同行列とクラスごとの正解率",
        "command.confusion.help": "正解のクラス（行）と推定したクラス（列）の組ごとに、X（既定は x_test。Y は 'accuracy' と同じ）のサンプルがいくつ入るかを数えます。対角線がネットワークの正解です。各行の最後はそのクラスの正解率（対角線の値を行の合計で割ったもの）です。数えた結果を 'confusion' として保持します。クラスが {0} を超えると表が画面に収まらないので、正解率だけを表示します。行を見るには 'show confusion[0:5]' を使います。",
        "command.mistakes.summary": "ネットワークが誤分類した画像を、確信の強い順に描く",
        "command.mistakes.help": "x（既定は x_test。ラベルは y、または x の名前の x を y に替えたもの）のサンプルのうち、ネットワークが誤分類したものを N 個（既定は 16）、確信の強い誤りから順に描きます: それぞれに添字、推定したクラスとその softmax の確率、正解のクラスを添えます。true=D はクラス D のサンプルを、predicted=D は D と推定されたサンプルを残します（true=4 predicted=9: 9 と読まれた 4）。条件に合うすべての誤りの添字を、描いたかどうかにかかわらずその順に 'mistaken' として保持します。",
        "command.plot.summary": "ここまでの学習のグラフ: エポックごとの損失または正解率",
        "command.plot.help": """
            plot loss は、エポックごとの学習の平均損失（*）、そのあとの検証データでの損失（o。train が検証したとき）、各バッチの損失（点）をエポックに対して描きます。y 軸はエポックの損失に合わせるので、最初のバッチの大きな損失で曲線が平らになることはありません: 範囲を超える点は描きません。log は y 軸を対数にし、桁違いに下がる損失に使います。plot accuracy は、各エポックのあとの学習のバッチでの正解率（*）と検証データでの正解率（o）を描きます。
            エポックはネットワークの学習全体を通して数えます。点線と軸の下の 'run N' は、2回目以降の train の実行が始まったところを示します。新しいネットワークでは曲線が最初からになります。グラフは端末の幅と高さに合わせます。
            png=FILE はグラフを 640×360 のグレースケールの PNG としても、目盛りのラベル、実行の区切り線、凡例とともに書きます。
            """,
        "command.save.summary": "セッション（スクリプトかノートブック）、テンソル（.npy、.png）、重み（.npz）、ワークスペース全体の書き出し",
        "command.save.help": """
            save session はプレーンテキストのスクリプトを書きます: コメントの見出し（ツールのバージョンと日付）、セッションが始まったときのシード（最初のコマンドが設定した場合を除きます。'seed 0 --quiet' で、何も表示しません）、続いて成功したすべてのコマンドを順に。失敗したコマンドとセッションのコマンド自身（save、replay、history、help）は書きません。'replay FILE' や 'cnnsh FILE' は同じワークスペースを作り直し、同じ出力を表示します。
            save notebook FILE.ipynb は Jupyter のノートブック（nbformat 4.5。Jupyter、VS Code、GitHub 用）を書きます: 再生したスクリプトのコメントをテキストのセルに、各コマンドを番号付きのコードのセルにし、表示したものと絵やグラフを PNG の画像として添えます。save notebook FILE.md は同じコマンドを Markdown で書きます。各コマンドをコードブロックにし、そのあとに表示したもの（絵は ASCII）を続けるので、どの Git ホストでも読めます。
            save NAME FILE.npy はテンソルを NumPy の形式（float32、C 順）で書きます: numpy.load(FILE) でそのまま戻ります。save weights FILE.npz はネットワークのすべてのパラメータを、LAYER.W と LAYER.b（batchnorm なら LAYER.gamma、LAYER.beta と移動統計量 LAYER.running_mean、LAYER.running_var）をキーとして、講座の形状（畳み込み層の W なら filters×channels×kh×kw）で書きます: numpy.load(FILE)['conv1.W']。
            save png はテンソルをグレースケールの PNG に書きます: 画像1枚、または 'show' が描くような画像、フィルタ、特徴マップの格子（符号付きの値は 0 を中間の灰色にします）で、各画素を K×K にします（scale=K。既定はタイル1枚あたり約 84 画素）。
            save workspace FILE はすべてを書き、明日 'load workspace FILE' で再開できます（'help load' を参照）。
            どのファイルも一時的な名前で書いてから名前を変えるので、古いファイルが書きかけで残ることはありません。
            """,
        "command.replay.summary": "保存したセッションやスクリプトを、各コマンドを見せながら実行",
        "command.replay.help": "FILE のすべてのコマンドを順に、その出力の前にコマンドを表示しながら実行します。# で始まる行はコメントです。最初のエラーで再生は止まり、FILE:LINE を示してそれまでの再生をすべて取り消すので、ワークスペースは再生の前のとおりになります。Ctrl-C は実行中のコマンドのあとで止め（学習は次のバッチで止まります）、実行した分は残します。from=LINE はファイルの LINE 行目から始め、止まった再生の続きに使います。--step は授業のためのデモモードです: スクリプトのコメントを出力と区別した語りとして表示し、各コマンドの前で待ちます。Enter で実行、q でそこで停止、Ctrl-C は実行せずにすぐ停止します。どちらの停止も続け方を示します（replay FILE from=LINE --step）。",
        "command.history.summary": "このセッションで成功したコマンド",
        "command.history.help": "'save session' が書くコマンド、つまり成功したすべてのコマンドを、番号付きで順に一覧します。各 train のあとには、plot と同じ数え方で、その実行と学習したエポックを示すコメントが付きます（'# 実行 2: エポック 4–6'）。（プロンプトで矢印キーを使うと、入力したすべての行を呼び出せます。行は実行をまたいで ~/.cnnsh_history に残ります。）",
        "command.undo.summary": "ワークスペースを直前の N 回の変更の前に戻す",
        "command.undo.help": """
            ワークスペースを、それを変えた直前の N 個のコマンド（既定は 1）の前の状態に戻します: テンソル、ネットワークとその重み、最適化手法とその状態、シードの位置、学習の履歴、メモリ上限（'limit memory=' はワークスペースの外にありますが、失敗した再生のあとと同じく一緒に戻ります）。見るだけのコマンド（vars、show、accuracy、shapes...）はステップになりません: undo はそれを飛ばし、ログからはその前のコマンドとともに消えます。
            ログも戻るので、'save session' と 'history' には取り消したコマンドが残らず、再生すれば同じワークスペースができます。undo 自身は記録されません。'load workspace' もほかと同じく1つのステップで、'replay' が実行した各コマンドはそれぞれ1つのステップです。
            シェルは直前の {0} ステップを保持し、今のワークスペースがもう共有していない値が {1} を超えると、古いものから捨てます（'add' のあとのステップはほとんど場所を取らず、'train' のあとは置き換えた重みと最適化手法の状態、'load mnist' のあとは置き換えたデータの分を取ります）。やり直し（redo）はありません。
            """,
        "command.bench.summary": "速度とメモリの測定: name=value の行",
        "command.bench.help": """
            このマシンで、同梱の MNIST と講座の LeNet を、その学習の設定（seed 1、Adam lr 0.003 をコサインで減衰、バッチサイズ B、既定は 64）で使って測ります:
            まずマシン: cpu_model、isa（カーネルがコンパイルされたベクトル命令: avx512、avx2、neon）、build（native、または CNNSH_PORTABLE=1 でビルドしたときは portable）、threads、batch、peak_gflops（T スレッド同時の積和演算だけの速さ: どのカーネルも超えられない上限）。続いて load_s（70,000 枚すべての画像の読み込みと展開）、epoch_s と train_images_per_s（E エポック、既定は 1。先頭 N 枚の訓練データの画像で、既定はすべて）、epoch_gflops（学習の積和演算を 1 回 2 FLOP として数えた毎秒の量: LeNet は画像1枚あたり 1.52 MFLOP）と fraction_of_peak（epoch_gflops / peak_gflops）、test_accuracy、test_images_per_s（10,000 枚のテストデータの画像での推論、5 回の中央値）、B 枚のバッチ1つでの層ごとの順伝播と逆伝播のミリ秒（逆伝播は学習と同じく conv1 は dx を計算しません）（R 回の中央値、既定は 20）、peak_rss_mb。続いて、同じシードから、各畳み込み層のあとに batchnorm を入れた同じ LeNet の層ごとの時間（bn1、bn2 を含む）と batchnorm_epoch_s、batchnorm_train_images_per_s、batchnorm_epoch_gflops、batchnorm_fraction_of_peak、batchnorm_test_accuracy、batchnorm_test_images_per_s を、素の LeNet と比べられるように表示します（batchnorm は conv1 と conv2 の出力の値1つにつき数回の演算がかかります）。threads=T は学習と推論が使うスレッドの数を決めます（結果はどの T でも同じです）。スクリプトが読めるように、1行に1つ name=value の形で表示します。ワークスペースには触れません。
            """,
        "command.quit.summary": "cnnsh を終了（exit、Ctrl-D でも）",
        "command.quit.help": "シェルを終了します。ワークスペースは保存されません: 再生できるスクリプトを残すには、先に 'save session FILE' を使います。",
    ]
}
